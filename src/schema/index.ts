import { builder } from './builder.ts';
import './scalars.ts';
import './relay/node.ts';
import { withSynchronousNodeIds } from './relay/synchronous-node-ids.ts';
import './provider-key.ts';
import './access-key-configuration.ts';
import './openrouter-key.ts';
import './access-key.ts';
import './usage-event.ts';
import './usage-overview.ts';
import './gateway-request.ts';
import './credit-purchase.ts';
import './credits.ts';
import './openrouter-credits.ts';
import './openrouter-activity.ts';
import './provider.ts';
import './model.ts';
import './api-key.ts';
import './gateway-configuration.ts';

/** The gateway's schema, built once at start-up. */
export const schema = withSynchronousNodeIds(builder.toSchema({ sortSchema: true }));
