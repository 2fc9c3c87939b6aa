// Who calls the OpenRouter simulator, and the management-key gate most routes share.
import { SimError } from '../http.ts';
import type { OpenRouterAccount, OpenRouterKeyRecord } from './store.ts';

/** Who is calling: a management key (its account), or an inference key created through the API. */
export interface OpenRouterCaller {
  account: OpenRouterAccount;
  inferenceKey?: OpenRouterKeyRecord;
}

export function management(caller: OpenRouterCaller): OpenRouterAccount {
  if (caller.inferenceKey) throw new SimError(403, 'Only management keys can perform this operation');
  return caller.account;
}
