import { readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kind, parse, visit, type DefinitionNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import type { GraphiQLOptions } from 'graphql-yoga';

/** One file of examples/: its name and text. */
export interface ExampleDocument {
  file: string;
  text: string;
}

/** A GraphiQL tab: one named operation of examples/*.graphql. */
export interface ExampleOperation {
  name: string;
  /** The comment lines above the operation, the operation, and the fragments it uses. */
  query: string;
  /** From the operation's `# variables: {...}` comment line. */
  variables: Record<string, unknown>;
}

// `npm run build` puts the examples into the bundle (scripts/build.ts), which runs without examples/ beside it.
declare const __EXAMPLE_DOCUMENTS__: ExampleDocument[] | undefined;

const VARIABLES_LINE = /^#\s*variables:\s*(\{.*\})\s*$/;

/** The `.graphql` files of a directory, by name. */
export function readExampleDocuments(dir: string): ExampleDocument[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.graphql'))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
}

/** examples/*.graphql: from the bundle when built, else from the checkout. */
export function exampleDocuments(): ExampleDocument[] {
  if (typeof __EXAMPLE_DOCUMENTS__ !== 'undefined') return __EXAMPLE_DOCUMENTS__;
  return readExampleDocuments(fileURLToPath(new URL('../examples/', import.meta.url)));
}

/**
 * Every named operation of the documents, in order, as GraphiQL shows it: its comment (the `#`
 * lines right above it, less the variables line), its text as written, and the fragments it
 * spreads (from any of the documents).
 */
export function exampleOperations(documents: readonly ExampleDocument[] = exampleDocuments()): ExampleOperation[] {
  const parsed = documents.map((document) => ({ ...document, ast: parse(document.text) }));
  const fragments = new Map<string, { text: string; node: FragmentDefinitionNode }>();
  for (const { text, ast } of parsed) {
    for (const node of ast.definitions) {
      if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, { text: sourceOf(text, node), node });
    }
  }
  const used = (node: OperationDefinitionNode): string[] => {
    const names: string[] = [];
    const walk = (from: DefinitionNode) =>
      visit(from, {
        FragmentSpread(spread) {
          const name = spread.name.value;
          if (names.includes(name)) return;
          names.push(name);
          const fragment = fragments.get(name);
          if (fragment) walk(fragment.node);
        },
      });
    walk(node);
    return names;
  };
  return parsed.flatMap(({ file, text, ast }) =>
    ast.definitions
      .filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION && node.name !== undefined)
      .map((node) => {
        const comment = commentAbove(text, node.loc?.start ?? 0);
        const variablesLine = comment.find((line) => VARIABLES_LINE.test(line));
        let variables: Record<string, unknown> = {};
        if (variablesLine) {
          try {
            variables = JSON.parse(VARIABLES_LINE.exec(variablesLine)![1]!, relativeTime);
          } catch (error) {
            throw new Error(`examples/${file}: the variables of ${node.name!.value} are not JSON (${(error as Error).message})`);
          }
        }
        const parts = [
          [...comment.filter((line) => line !== variablesLine), sourceOf(text, node)].join('\n'),
          ...used(node).flatMap((name) => fragments.get(name)?.text ?? []),
        ];
        return { name: node.name!.value, query: `${parts.join('\n\n')}\n`, variables };
      }),
  );
}

const DAYS_AGO = /^@daysAgo:(\d{1,3})$/;

/**
 * A variable written "@daysAgo:N" becomes the time N days before now (when the tabs are made, at
 * start-up), so that tabs over the usage history always look at recent days.
 */
function relativeTime(_key: string, value: unknown): unknown {
  const days = typeof value === 'string' ? DAYS_AGO.exec(value)?.[1] : undefined;
  return days === undefined ? value : new Date(Date.now() - Number(days) * 86_400_000).toISOString();
}

function sourceOf(text: string, node: DefinitionNode): string {
  return text.slice(node.loc?.start ?? 0, node.loc?.end ?? text.length);
}

/** The `#` lines right above `offset` (no blank line between), top to bottom. */
function commentAbove(text: string, offset: number): string[] {
  const lines = text.slice(0, offset).split('\n');
  lines.pop(); // the operation's own line, up to its first character
  const comment: string[] = [];
  for (let line = lines.pop(); line?.trim().startsWith('#'); line = lines.pop()) comment.unshift(line.trim());
  return comment;
}

let examples: ExampleOperation[] | undefined;

/**
 * GraphiQL settings. The tabs are the example operations (examples/*.graphql, see
 * exampleOperations). With `demoToken` set (as `npm run demo` does), every tab sends it as the
 * AI Gateway token and the OpenRouter management key; otherwise placeholders to fill in.
 */
export function graphiqlOptions(demoToken: string | undefined): GraphiQLOptions {
  examples ??= exampleOperations();
  const headers = JSON.stringify(
    {
      Authorization: `Bearer ${demoToken ?? '<your AI Gateway API key>'}`,
      'X-OpenRouter-Authorization': `Bearer ${demoToken ?? '<your OpenRouter management key>'}`,
    },
    null,
    2,
  );
  return {
    title: 'AI Gateway GraphQL',
    defaultQuery: examples[0]?.query ?? '',
    headers,
    defaultHeaders: headers,
    defaultTabs: examples.map((example) => ({ query: example.query, variables: JSON.stringify(example.variables, null, 2), headers })),
    shouldPersistHeaders: false,
  };
}

/**
 * Stands where the options go in the prerendered page: `npm run build` renders GraphiQL once with
 * these options into `dist/graphiql.html` (scripts/build.ts).
 */
export const GRAPHIQL_TEMPLATE_OPTIONS = { title: 'AI Gateway GraphQL', options: '@@GRAPHIQL_OPTIONS@@' } as const;

/**
 * yoga's `renderGraphiQL`: the page (~9 MB, GraphiQL and its editor inlined so that it works
 * offline) is made once and served as bytes, which live outside the V8 heap. Next to the bundle
 * it is read from the prerendered `graphiql.html`, so the gateway never loads GraphiQL's
 * renderer: that module costs ~45 MB of heap, and with the image's heap cap concurrent page
 * loads ran the process out of memory. From the sources (development) it is rendered on first use.
 */
export function graphiqlRenderer(): (options: GraphiQLOptions) => Promise<Buffer<ArrayBuffer>> {
  let cached: { key: string; page: Promise<Buffer<ArrayBuffer>> } | undefined;
  return (options) => {
    const key = JSON.stringify(options);
    if (cached?.key !== key) cached = { key, page: renderPage(options) };
    return cached.page;
  };
}

async function renderPage(options: GraphiQLOptions): Promise<Buffer<ArrayBuffer>> {
  const template = await readFile(new URL('./graphiql.html', import.meta.url)).catch(() => undefined);
  const marker = Buffer.from(JSON.stringify(GRAPHIQL_TEMPLATE_OPTIONS));
  const at = template?.indexOf(marker) ?? -1;
  if (template && at >= 0) {
    // The options land inside a <script>: no "</script>" may close it early.
    const json = JSON.stringify(options).replace(/</g, '\\u003c');
    return Buffer.concat([template.subarray(0, at), Buffer.from(json), template.subarray(at + marker.length)]);
  }
  const { renderGraphiQL } = await import('@graphql-yoga/render-graphiql');
  return Buffer.from(renderGraphiQL(options));
}
