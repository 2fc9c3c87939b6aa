import { builder } from './builder.ts';
import './scalars.ts';
import './relay/node.ts';
import './provider-key.ts';
import './access-key-configuration.ts';
import './openrouter-key.ts';
import './access-key.ts';

/** The gateway's schema, built once at start-up. */
export const schema = builder.toSchema({ sortSchema: true });
