// AI Gateway simulator: /credits balance, transactions, checkout and card purchases over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAiGatewaySimulator, type AiGatewaySimulator } from '../../src/simulator/index.ts';
import { call, freshToken, type CallOptions } from './helpers.ts';
import { schemaProblems } from '../helpers/contract.ts';

let sim: AiGatewaySimulator;
beforeAll(async () => {
  sim = await startAiGatewaySimulator({ port: 0 });
});
afterAll(() => sim.close());

const api = (path: string, opts?: CallOptions) => call(sim.url, path, opts);

/** A fresh account with a saved card that behaves as told. */
function accountWithCard(outcome: 'succeeded' | 'declined' | 'actionRequired' | 'hold' = 'succeeded'): string {
  const token = freshToken('credits');
  sim.account(token).credits.card = { outcome };
  return token;
}

const purchase = (token: string, amount: unknown, key?: string) =>
  api('/credits/purchases', { method: 'POST', token, body: { amount }, ...(key !== undefined && { headers: { 'idempotency-key': key } }) });

const balance = async (token: string) => (await api('/credits/balance', { token })).json.balanceCents as number;

function expectReason(res: { status: number; json: any }, status: number, reason: string): void {
  expect(res.status).toBe(status);
  expect(schemaProblems('ai-gateway', 'Error', res.json)).toEqual([]);
  expect(res.json.details.reason).toBe(reason);
}

describe('balance and transactions', () => {
  it('the shape checker itself rejects what the contract forbids', () => {
    expect(schemaProblems('ai-gateway', 'CreditBalance', { balanceCents: 1.5 })).not.toEqual([]);
    expect(schemaProblems('ai-gateway', 'CreditBalance', { balanceCents: 1, extra: true })).not.toEqual([]);
    expect(schemaProblems('ai-gateway', 'CreditTransactionList', { items: [{ type: 'refund' }] })).not.toEqual([]);
  });

  it('demo: all three kinds, newest first, and a balance of grants minus applied credits', async () => {
    const bal = await api('/credits/balance');
    expect(bal.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'CreditBalance', bal.json)).toEqual([]);
    const tx = await api('/credits/transactions');
    expect(tx.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'CreditTransactionList', tx.json)).toEqual([]);
    const items = tx.json.items as Array<Record<string, any>>;
    expect(new Set(items.map((i) => i.type))).toEqual(new Set(['credits', 'usageInvoice', 'usageInvoicePreview']));
    expect(new Set(items.filter((i) => i.type === 'credits').map((i) => i.category))).toEqual(new Set(['purchase', 'promotional']));
    const times = items.map((i) => Date.parse(i.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const granted = items.filter((i) => i.type === 'credits').reduce((s, i) => s + i.amountCents, 0);
    const applied = items.filter((i) => i.type !== 'credits').reduce((s, i) => s + i.appliedCreditsCents, 0);
    expect(bal.json.balanceCents).toBe(granted - applied);
    expect(bal.json.balanceCents).toBeGreaterThan(0);
  });

  it('a fresh account has nothing', async () => {
    const token = freshToken('empty');
    expect((await api('/credits/balance', { token })).json).toEqual({ balanceCents: 0 });
    expect((await api('/credits/transactions', { token })).json).toEqual({ items: [] });
  });
});

describe('checkout session', () => {
  it('answers 200 with a session id and a hosted page', async () => {
    const res = await api('/credits/checkout-session', { method: 'POST', body: { amount: 2500 } });
    expect(res.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'CheckoutSession', res.json)).toEqual([]);
    expect(res.json.sessionUrl).toContain(res.json.sessionId);
  });

  it.each([[{}], [{ amount: 0 }], [{ amount: 1.5 }], [{ amount: '100' }], [{ amount: 100, currency: 'usd' }]])(
    'refuses %j with 400',
    async (body) => {
      const res = await api('/credits/checkout-session', { method: 'POST', body });
      expect(res.status).toBe(400);
      expect(schemaProblems('ai-gateway', 'Error', res.json)).toEqual([]);
    },
  );
});

describe('card purchases', () => {
  it('starts pending, succeeds on a later read, and raises the balance by exactly its amount', async () => {
    const token = accountWithCard();
    const before = await balance(token);
    const made = await purchase(token, 1234, 'order-1');
    expect(made.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'CreditPurchase', made.json)).toEqual([]);
    expect(made.json).toMatchObject({ status: 'pending', amountCents: 1234, currency: 'usd' });
    const polled = await api(`/credits/purchases/${made.json.id}`, { token });
    expect(polled.status).toBe(200);
    expect(schemaProblems('ai-gateway', 'CreditPurchase', polled.json)).toEqual([]);
    expect(polled.json).toMatchObject({ id: made.json.id, status: 'succeeded', amountCents: 1234 });
    expect(await balance(token)).toBe(before + 1234);
    const grants = (await api('/credits/transactions', { token })).json.items;
    expect(grants).toEqual([
      expect.objectContaining({ type: 'credits', category: 'purchase', amountCents: 1234, expiresAt: made.json.expiresAt }),
    ]);
  });

  it('replays the same Idempotency-Key (trimmed): same purchase, charged once', async () => {
    const token = accountWithCard();
    const first = await purchase(token, 500, 'same-key');
    const again = await purchase(token, 500, '  same-key ');
    expect(again.status).toBe(200);
    expect(again.json.id).toBe(first.json.id);
    const third = await purchase(token, 500, 'same-key');
    expect(third.json.id).toBe(first.json.id);
    expect(await balance(token)).toBe(500);
  });

  it('a reused key with a different amount is 409 idempotency_key_reuse naming the original', async () => {
    const token = accountWithCard();
    const first = await purchase(token, 500, 'k1');
    const reuse = await purchase(token, 600, 'k1');
    expectReason(reuse, 409, 'idempotency_key_reuse');
    expect(reuse.json.details.purchase_id).toBe(first.json.id);
    expect(await balance(token)).toBe(500);
  });

  it('without a key (or a blank one) there is no replay protection', async () => {
    const token = accountWithCard();
    const a = await purchase(token, 100);
    await api(`/credits/purchases/${a.json.id}`, { token });
    const b = await purchase(token, 100, '   ');
    expect(b.status).toBe(200);
    expect(b.json.id).not.toBe(a.json.id);
    await api(`/credits/purchases/${b.json.id}`, { token });
    expect(await balance(token)).toBe(200);
  });

  it('refuses bad amounts and over-long keys with 400, charging nothing', async () => {
    const token = accountWithCard();
    for (const amount of [0, 50_001, 1.5, '100', null]) {
      const res = await purchase(token, amount, `amount-${String(amount)}`);
      expect(res.status).toBe(400);
      expect(res.json.details.field).toBe('amount');
    }
    expectReason(await purchase(token, 100, 'k'.repeat(256)), 400, 'invalid_idempotency_key');
    expect((await purchase(token, 50_000, 'k'.repeat(255))).status).toBe(200);
  });

  it('400 no_default_payment_method without a card, metronome_not_provisioned when not provisioned', async () => {
    const token = freshToken('nocard');
    expectReason(await purchase(token, 100, 'x'), 400, 'no_default_payment_method');
    sim.account(token).credits.provisioned = false;
    expectReason(await purchase(token, 100, 'x'), 400, 'metronome_not_provisioned');
    expectReason(
      await api('/credits/checkout-session', { method: 'POST', token, body: { amount: 100 } }),
      400,
      'metronome_not_provisioned',
    );
    expect(await balance(token)).toBe(0);
  });

  it('409 purchase_in_progress while another purchase is pending; its own key still replays', async () => {
    const token = accountWithCard('hold');
    const first = await purchase(token, 700, 'a');
    const other = await purchase(token, 800, 'b');
    expectReason(other, 409, 'purchase_in_progress');
    expect(other.json.details.purchase_id).toBe(first.json.id);
    const replay = await purchase(token, 700, 'a');
    expect(replay.json).toMatchObject({ id: first.json.id, status: 'pending' });
  });

  it('a declined card fails the purchase with a failure code and grants nothing', async () => {
    const token = accountWithCard('declined');
    const made = await purchase(token, 900, 'd');
    const polled = await api(`/credits/purchases/${made.json.id}`, { token });
    expect(polled.json).toMatchObject({ status: 'failed', failureCode: 'card_declined', failureMessage: expect.any(String) });
    expect(schemaProblems('ai-gateway', 'CreditPurchase', polled.json)).toEqual([]);
    expect(await balance(token)).toBe(0);
  });

  it('a purchase is visible only to its account; unknown ids are 404', async () => {
    const token = accountWithCard();
    const made = await purchase(token, 100, 'mine');
    expect((await api(`/credits/purchases/${made.json.id}`)).status).toBe(404);
    expect((await api('/credits/purchases/cpur_unknown', { token })).status).toBe(404);
  });
});
