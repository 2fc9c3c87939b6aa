import { builder } from './builder.ts';
import './scalars.ts';
import './node.ts';
import './provider-key.ts';
import './access-key-configuration.ts';
import './openrouter-key.ts';
import './provider-key-lifecycle.ts';
import './access-key-configuration-lifecycle.ts';
import './access-key.ts';
import './access-key-mutations.ts';

/** The gateway's schema, built once at start-up. */
export const schema = builder.toSchema({ sortSchema: false });
