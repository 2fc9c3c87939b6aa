// Every operation of the upstream contracts (openapi/*.yaml) is either served by the graph (the
// GraphQL fields that use it) or deliberately left out with a one-line reason. When a contract
// update adds an operation, this test names it until it is mapped here.
import { type GraphQLSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../src/schema/index.ts';
import { type ContractName, type ContractOperation, contractOperations } from './helpers/contract.ts';

/** `Type.field` coordinates of the fields that call the operation, or why the graph does without it. */
type Coverage = { servedBy: string[] } | { leftOut: string };

const servedBy = (...coordinates: string[]): Coverage => ({ servedBy: coordinates });
const leftOut = (reason: string): Coverage => ({ leftOut: reason });

const COVERAGE: Record<ContractName, Record<string, Coverage>> = {
  'ai-gateway': {
    ListAIGatewayAccessKeys: servedBy('Query.accessKeys', 'AccessKeyConfiguration.accessKeys'),
    CreateAIGatewayAccessKey: servedBy('Mutation.createAccessKey'),
    GetAIGatewayAccessKey: servedBy('Query.accessKey', 'Query.node'),
    UpdateAIGatewayAccessKey: servedBy('Mutation.updateAccessKey'),
    DeleteAIGatewayAccessKey: servedBy('Mutation.deleteAccessKey'),
    ListAIGatewayAccessKeyConfigurations: servedBy('Query.accessKeyConfigurations'),
    CreateAIGatewayAccessKeyConfiguration: servedBy('Mutation.createAccessKeyConfiguration'),
    GetAIGatewayAccessKeyConfiguration: servedBy('Query.accessKeyConfiguration', 'Query.node', 'AccessKey.configuration'),
    UpdateAIGatewayAccessKeyConfiguration: servedBy('Mutation.updateAccessKeyConfiguration'),
    DeleteAIGatewayAccessKeyConfiguration: servedBy('Mutation.deleteAccessKeyConfiguration'),
    ListAIGatewayAPIKeys: servedBy('Query.apiKeys'),
    CreateAIGatewayAPIKey: servedBy('Mutation.createApiKey'),
    GetAIGatewayAPIKey: servedBy('Query.apiKey', 'Query.node'),
    UpdateAIGatewayAPIKey: servedBy('Mutation.updateApiKey'),
    DeleteAIGatewayAPIKey: servedBy('Mutation.deleteApiKey'),
    ListAIGatewayProviderAPIKeys: servedBy('Query.providerKeys', 'Provider.providerKeys'),
    CreateAIGatewayProviderAPIKey: servedBy('Mutation.createProviderKey'),
    GetAIGatewayProviderAPIKey: servedBy('Query.providerKey', 'Query.node', 'RouterKey.providerKey'),
    UpdateAIGatewayProviderAPIKey: servedBy('Mutation.updateProviderKey'),
    DeleteAIGatewayProviderAPIKey: servedBy('Mutation.deleteProviderKey'),
    RotateAIGatewayProviderAPIKey: servedBy('Mutation.rotateProviderKey'),
    ListAIGatewayProviders: servedBy('Query.providers', 'ModelOffering.provider'),
    CreateAIGatewayProvider: servedBy('Mutation.createProvider'),
    GetAIGatewayProvider: servedBy('Query.provider', 'Query.node'),
    UpdateAIGatewayProvider: servedBy('Mutation.updateProvider'),
    DeleteAIGatewayProvider: servedBy('Mutation.deleteProvider'),
    ListAIGatewayModels: servedBy('Query.models'),
    GetAIGatewayConfig: servedBy('Query.gatewayConfiguration'),
    UpdateAIGatewayConfig: servedBy('Mutation.updateGatewayConfiguration'),
    GetCreditBalance: servedBy('Credits.balanceCents'),
    GetCreditTransactions: servedBy('Credits.transactions'),
    CreateCheckoutSession: servedBy('Mutation.createCreditCheckoutSession'),
    CreateCreditPurchase: servedBy('Mutation.purchaseCredits'),
    GetCreditPurchase: servedBy('Query.creditPurchase'),
    ListAIGatewayUsage: servedBy('Query.usageEvents'),
    GetAIGatewayUsageOverview: servedBy('Query.usageOverview'),
    GetAIGatewayRequestAttempts: servedBy('Query.gatewayRequest', 'UsageEvent.request'),
  },
  openrouter: {
    list: servedBy('Query.openRouterKeys'),
    createKeys: servedBy('Mutation.createOpenRouterKey'),
    getKey: servedBy('Query.openRouterKey', 'Query.node'),
    updateKeys: servedBy('Mutation.updateOpenRouterKey'),
    deleteKeys: servedBy('Mutation.deleteOpenRouterKey'),
    getCurrentKey: leftOut(
      'describes the calling key itself; the graph manages keys with a management key, which needs no self-description',
    ),
    getCredits: servedBy('Query.openRouterCredits'),
    getUserActivity: servedBy('Query.openRouterActivity', 'OpenRouterKey.activity'),
  },
};

function fieldExists(graph: GraphQLSchema, coordinate: string): boolean {
  const [typeName, fieldName] = coordinate.split('.');
  const type = graph.getType(typeName ?? '');
  return isObjectType(type) && fieldName !== undefined && fieldName in type.getFields();
}

/**
 * What is wrong with the coverage of `operations`: an operation neither served nor left out, a
 * coordinate the schema lacks, a reason that is not one line, an entry naming no operation.
 * HEAD twins are left out by rule (the graph reads with GET), provided their GET is covered.
 */
function coverageProblems(operations: readonly ContractOperation[], coverage: Record<string, Coverage>, graph: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const op of operations) {
    const entry = coverage[op.operationId];
    const name = `${op.operationId} (${op.method} ${op.path})`;
    if (op.method === 'HEAD' && entry === undefined) {
      const twin = operations.find((o) => o.method === 'GET' && o.path === op.path);
      if (!twin || !coverage[twin.operationId]) problems.push(`${name}: a HEAD twin whose GET is not covered`);
    } else if (entry === undefined) {
      problems.push(`${name}: neither served by a GraphQL field nor left out with a reason`);
    } else if ('servedBy' in entry) {
      if (entry.servedBy.length === 0) problems.push(`${name}: served by no field`);
      for (const coordinate of entry.servedBy)
        if (!fieldExists(graph, coordinate)) problems.push(`${name}: the schema has no ${coordinate}`);
    } else if (entry.leftOut.trim() === '' || entry.leftOut.includes('\n')) {
      problems.push(`${name}: the reason must be one line`);
    }
  }
  const known = new Set(operations.map((op) => op.operationId));
  for (const id of Object.keys(coverage)) if (!known.has(id)) problems.push(`${id}: in the coverage table but not in the contract`);
  return problems;
}

describe('contract coverage', () => {
  it.each(Object.keys(COVERAGE) as ContractName[])('maps every %s operation to the graph or to a reason', (contract) => {
    expect(coverageProblems(contractOperations(contract), COVERAGE[contract], schema)).toEqual([]);
  });

  it('fails on an operation that a contract update adds, and on stale or wrong entries', () => {
    const added: ContractOperation = {
      contract: 'ai-gateway',
      operationId: 'ListAIGatewayVirtualModels',
      method: 'GET',
      path: '/virtual-models',
      tags: [],
      responses: {},
    };
    const headOnly: ContractOperation = { ...added, operationId: 'HeadAIGatewayVirtualModels', method: 'HEAD' };
    const operations = [...contractOperations('ai-gateway'), added, headOnly];
    expect(coverageProblems(operations, COVERAGE['ai-gateway'], schema)).toEqual([
      'ListAIGatewayVirtualModels (GET /virtual-models): neither served by a GraphQL field nor left out with a reason',
      'HeadAIGatewayVirtualModels (HEAD /virtual-models): a HEAD twin whose GET is not covered',
    ]);
    const wrong = { ...COVERAGE['ai-gateway'], ListAIGatewayModels: servedBy('Query.catalog'), Gone: leftOut('x') };
    expect(coverageProblems(contractOperations('ai-gateway'), wrong, schema)).toEqual([
      'ListAIGatewayModels (GET /v1/models): the schema has no Query.catalog',
      'Gone: in the coverage table but not in the contract',
    ]);
  });
});
