// credits, creditPurchase, createCreditCheckoutSession and purchaseCredits against the simulator
// over real HTTP, above all: a purchase is never sent twice by the gateway.
import { describe, expect, it } from 'vitest';
import { encodeGlobalId } from '../src/schema/relay/global-id.ts';
import { newToken, useStack } from './helpers/stack.ts';

const stack = useStack();

const PURCHASE = /* GraphQL */ `
  mutation ($amount: SafeInt!, $key: String!) {
    purchaseCredits(input: { amountCents: $amount, idempotencyKey: $key, clientMutationId: "m1" }) {
      clientMutationId
      purchase { id resourceId status amountCents currency }
    }
  }
`;
const BALANCE = '{ credits { balanceCents } }';

/** A fresh account whose saved card behaves as told. */
function account(outcome: 'succeeded' | 'declined' | 'hold' = 'succeeded') {
  const token = newToken('credits');
  stack.simulator.account(token).credits.card = { outcome };
  return token;
}

const purchases = () => stack.upstream().filter((r) => r.method === 'POST' && r.path === '/credits/purchases');

describe('credits', () => {
  it('reads each field from its endpoint only when it is selected', async () => {
    expect((await stack.gql('{ credits { __typename } }')).data).toEqual({ credits: { __typename: 'Credits' } });
    expect(stack.upstream()).toHaveLength(0);
    const res = await stack.gql(BALANCE);
    expect(res.data.credits.balanceCents).toBeGreaterThan(0);
    expect(stack.upstream().map((r) => r.path)).toEqual(['/credits/balance']);
  });

  it('lists grants, invoices and the running preview as a union, newest first', async () => {
    const res = await stack.gql(`{ credits { transactions {
      __typename
      ... on CreditGrant { amountCents category createdAt invoiceUrl }
      ... on UsageInvoice { periodStart totalCents appliedCreditsCents amountPaidCents }
      ... on UsageInvoicePreview { periodStart totalCents amountDueCents }
    } } }`);
    expect(res.errors).toBeUndefined();
    const kinds = res.data.credits.transactions.map((t: any) => t.__typename);
    expect(new Set(kinds)).toEqual(new Set(['CreditGrant', 'UsageInvoice', 'UsageInvoicePreview']));
    expect(stack.upstream().map((r) => r.path)).toEqual(['/credits/transactions']);
  });

  it('skips a transaction of a type it does not know, with a log line, and keeps the rest', async () => {
    const items = [
      { type: 'refund', createdAt: '2026-11-01T00:00:00Z', amountCents: 5 },
      { type: 'credits', createdAt: '2026-10-01T00:00:00Z', amountCents: 100, category: 'promotional', expiresAt: null, invoiceUrl: null },
    ];
    stack.simulator.injectFault({ match: { path: '/credits/transactions' }, status: 200, body: { items } });
    const logged = stack.logs.length;
    const res = await stack.gql('{ credits { transactions { __typename ... on CreditGrant { amountCents } } } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.credits.transactions).toEqual([{ __typename: 'CreditGrant', amountCents: 100 }]);
    expect(
      stack.logs.slice(logged).some((line) => line.includes('skipped a credit transaction of an unknown type') && line.includes('refund')),
    ).toBe(true);
  });
});

describe('purchaseCredits', () => {
  it('sends the key as Idempotency-Key, answers the pending purchase, which refetches by node id as it settles', async () => {
    const token = account();
    const before = (await stack.gql(BALANCE, {}, { token })).data.credits.balanceCents;
    const res = await stack.gql(PURCHASE, { amount: 1234, key: '  order-42 ' }, { token });
    expect(res.errors).toBeUndefined();
    const { purchase } = res.data.purchaseCredits;
    expect(res.data.purchaseCredits.clientMutationId).toBe('m1');
    expect(purchase).toMatchObject({
      status: 'PENDING',
      amountCents: 1234,
      currency: 'usd',
      id: encodeGlobalId('CreditPurchase', purchase.resourceId),
    });
    expect(purchases()).toHaveLength(1);
    expect(purchases()[0]?.headers['idempotency-key']).toBe('order-42');
    expect(purchases()[0]?.body).toEqual({ amount: 1234 });

    const polled = await stack.gql(
      'query($id: ID!) { creditPurchase(id: $id) { status } node(id: $id) { ... on CreditPurchase { amountCents } } }',
      { id: purchase.id },
      { token },
    );
    expect(polled.data).toEqual({ creditPurchase: { status: 'SUCCEEDED' }, node: { amountCents: 1234 } });
    expect((await stack.gql(BALANCE, {}, { token })).data.credits.balanceCents).toBe(before + 1234);
  });

  it('returns the original purchase for a repeat with the same key, and the card is charged once', async () => {
    const token = account();
    const first = await stack.gql(PURCHASE, { amount: 500, key: 'same' }, { token });
    const again = await stack.gql(PURCHASE, { amount: 500, key: 'same' }, { token });
    expect(again.data.purchaseCredits.purchase.id).toBe(first.data.purchaseCredits.purchase.id);
    expect((await stack.gql(BALANCE, {}, { token })).data.credits.balanceCents).toBe(500);
  });

  it('a reused key with another amount is IDEMPOTENCY_KEY_REUSED, naming the original purchase', async () => {
    const token = account();
    const first = await stack.gql(PURCHASE, { amount: 500, key: 'k' }, { token });
    const res = await stack.gql(PURCHASE, { amount: 600, key: 'k' }, { token });
    expect(res.data.purchaseCredits).toBeNull();
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      reason: 'idempotency_key_reuse',
      purchaseId: first.data.purchaseCredits.purchase.id,
      upstream: {
        statusCode: 409,
        details: { reason: 'idempotency_key_reuse', purchase_id: first.data.purchaseCredits.purchase.resourceId },
      },
    });
  });

  it('gives the upstream’s other refusals stable codes', async () => {
    const noCard = newToken('nocard');
    const refused = await stack.gql(PURCHASE, { amount: 100, key: 'a' }, { token: noCard });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'PAYMENT_METHOD_REQUIRED', reason: 'no_default_payment_method' });

    stack.simulator.account(noCard).credits.provisioned = false;
    const unprovisioned = await stack.gql(PURCHASE, { amount: 100, key: 'a' }, { token: noCard });
    expect(unprovisioned.errors?.[0]?.extensions).toMatchObject({ code: 'CREDIT_PURCHASES_UNAVAILABLE' });

    const held = account('hold');
    const pending = await stack.gql(PURCHASE, { amount: 100, key: 'first' }, { token: held });
    const busy = await stack.gql(PURCHASE, { amount: 200, key: 'second' }, { token: held });
    expect(busy.errors?.[0]?.extensions).toMatchObject({
      code: 'PURCHASE_IN_PROGRESS',
      purchaseId: pending.data.purchaseCredits.purchase.id,
    });
  });

  it.each([
    [{ amount: 0, key: 'k' }],
    [{ amount: 50_001, key: 'k' }],
    [{ amount: -5, key: 'k' }],
    [{ amount: 100, key: '' }],
    [{ amount: 100, key: '   ' }],
    [{ amount: 100, key: 'k'.repeat(256) }],
    [{ amount: 2 ** 53, key: 'k' }],
    [{ amount: 1.5, key: 'k' }],
  ])('refuses %j before any upstream request', async (variables) => {
    const res = await stack.gql(PURCHASE, variables, { token: account() });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });

  it.each([
    ['a connection reset', { reset: true }, 'UPSTREAM_UNAVAILABLE'],
    ['a 503', { status: 503 }, 'UPSTREAM_ERROR'],
    ['no answer in time', { hang: true }, 'UPSTREAM_TIMEOUT'],
  ])('after %s reports the error with an unknown outcome and never sends the purchase again', async (_name, fault, code) => {
    const token = account();
    stack.simulator.injectFault({ match: { method: 'POST', path: '/credits/purchases' }, ...fault });
    const res = await stack.gql(PURCHASE, { amount: 700, key: 'retry-me' }, { token });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code, outcome: 'unknown' });
    expect(res.errors?.[0]?.message).toContain('same idempotencyKey');
    expect(purchases()).toHaveLength(1);
    // The client's own repeat, with the same key, is the safe way to learn the outcome.
    const repeat = await stack.gql(PURCHASE, { amount: 700, key: 'retry-me' }, { token });
    expect(repeat.errors).toBeUndefined();
    expect(purchases()).toHaveLength(2);
  });
});

describe('createCreditCheckoutSession', () => {
  const CHECKOUT = 'mutation($a: SafeInt!) { createCreditCheckoutSession(input: { amountCents: $a }) { sessionId sessionUrl } }';

  it('answers the hosted checkout session', async () => {
    const res = await stack.gql(CHECKOUT, { a: 2500 });
    expect(res.errors).toBeUndefined();
    expect(res.data.createCreditCheckoutSession.sessionUrl).toContain(res.data.createCreditCheckoutSession.sessionId);
    expect(stack.upstream().map((r) => [r.method, r.path, r.body])).toEqual([['POST', '/credits/checkout-session', { amount: 2500 }]]);
  });

  it('refuses an amount under 1 before any upstream request', async () => {
    const res = await stack.gql(CHECKOUT, { a: 0 });
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.upstream()).toHaveLength(0);
  });
});
