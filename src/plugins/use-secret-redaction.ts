import { GraphQLError, Kind, visit, type DocumentNode, type ExecutionResult, type ValueNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { collectSecrets, isSecretField, redactDeep, redactText } from '../secrets.ts';

/**
 * graphql-js quotes offending input in its errors: variables in coercion errors ("Variable
 * "$input" got invalid value { name: "x", value: "sk-..." }; ..."), literals in validation
 * errors ("found ["sk-..."]"). That would hand a write-only secret back in an error, so
 * every secret the request carries, in its variables or its document, is redacted from
 * every error.
 */
export function useSecretRedaction(): Plugin {
  return {
    onValidate({ params }) {
      const secrets = documentSecrets(params.documentAST);
      if (secrets.length === 0) return undefined;
      return ({ result, setResult }) => {
        if (result.length > 0) setResult(result.map((error) => redactError(error as GraphQLError, secrets)));
      };
    },
    onExecute({ args }) {
      const secrets = [...collectSecrets(args.variableValues), ...documentSecrets(args.document)];
      if (secrets.length === 0) return undefined;
      return {
        onExecuteDone({ result, setResult }) {
          if (!('errors' in result) || !result.errors?.length) return;
          const errors = result.errors.map((error) => redactError(error, secrets));
          setResult({ ...(result as ExecutionResult), errors });
        },
      };
    },
  };
}

function redactError(error: GraphQLError, secrets: readonly string[]): GraphQLError {
  return new GraphQLError(redactText(error.message, secrets), {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions: redactDeep(error.extensions, secrets),
  });
}

// yoga's parser cache hands back the same DocumentNode for the same text: walk each once.
const secretsByDocument = new WeakMap<DocumentNode, string[]>();

/** String literals written inside an input field named like a secret (`value: "sk-..."`). */
function documentSecrets(document: DocumentNode): string[] {
  let secrets = secretsByDocument.get(document);
  if (!secrets) secretsByDocument.set(document, (secrets = findDocumentSecrets(document)));
  return secrets;
}

function findDocumentSecrets(document: DocumentNode): string[] {
  const found: string[] = [];
  visit(document, {
    ObjectField(field) {
      if (isSecretField(field.name.value)) collectStrings(field.value, found);
    },
  });
  return found.filter((value) => value !== '');
}

function collectStrings(node: ValueNode, found: string[]): void {
  if (node.kind === Kind.STRING) found.push(node.value);
  else if (node.kind === Kind.LIST) for (const item of node.values) collectStrings(item, found);
  else if (node.kind === Kind.OBJECT) for (const field of node.fields) collectStrings(field.value, found);
}
