// /credits/...: balance, transactions, checkout session and card purchases (Idempotency-Key).
import type { components } from '../../contract/ai-gateway.ts';
import { MAX_CREDIT_PURCHASE_CENTS, MAX_IDEMPOTENCY_KEY_LENGTH } from '../../contract/credit-purchases.ts';
import { SimError, type ApiRequest, type RouteDef } from '../http.ts';
import { bodyObject, onlyFields } from '../field-checks.ts';
import type { AiGatewayAccount } from './store.ts';

type S = components['schemas'];

/** `{amount}` in cents: an integer in min..max. */
function amountBody(body: unknown, max: number = Number.MAX_SAFE_INTEGER): number {
  const o = bodyObject(body);
  onlyFields(o, ['amount']);
  const amount = o.amount;
  if (amount === undefined) throw new SimError(400, 'field "amount" is required', { field: 'amount' });
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 1 || amount > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'at least 1' : `between 1 and ${max}`;
    throw new SimError(400, `field "amount" must be an integer number of cents ${range}`, { field: 'amount' });
  }
  return amount;
}

/** The header trimmed; absent or blank means no replay protection (as upstream documents). */
function idempotencyKey(req: ApiRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  const key = (Array.isArray(raw) ? raw.join(',') : (raw ?? '')).trim();
  if (key === '') return undefined;
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw new SimError(400, `Idempotency-Key must be at most ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`, {
      reason: 'invalid_idempotency_key',
    });
  }
  return key;
}

export function creditRoutes(): RouteDef<AiGatewayAccount>[] {
  return [
    {
      path: '/credits/balance',
      methods: {
        GET: (_req, acc) => {
          acc.credits.beginRequest();
          const body: S['CreditBalance'] = { balanceCents: acc.credits.balanceCents };
          return { status: 200, body };
        },
      },
    },
    {
      path: '/credits/transactions',
      methods: {
        GET: (_req, acc) => {
          acc.credits.beginRequest();
          const body: S['CreditTransactionList'] = { items: acc.credits.transactions() };
          return { status: 200, body };
        },
      },
    },
    {
      path: '/credits/checkout-session',
      methods: {
        POST: (req, acc) => {
          acc.credits.beginRequest();
          amountBody(req.body);
          return { status: 200, body: acc.credits.checkoutSession() };
        },
      },
    },
    {
      path: '/credits/purchases',
      methods: {
        POST: (req, acc) => {
          acc.credits.beginRequest();
          const key = idempotencyKey(req);
          const amount = amountBody(req.body, MAX_CREDIT_PURCHASE_CENTS);
          return { status: 200, body: acc.credits.purchase(amount, key) };
        },
      },
    },
    {
      path: '/credits/purchases/:id',
      methods: {
        GET: (req, acc) => {
          acc.credits.beginRequest();
          return { status: 200, body: acc.credits.getPurchase(req.params.id ?? '') };
        },
      },
    },
  ];
}
