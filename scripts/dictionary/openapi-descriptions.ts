// The field descriptions of CV CRM's OpenAPI file, per CVDW path: path → field → description.
// A path's record schema is the `dados.items` of the second part of its 200 response's allOf.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface YamlModule { load(text: string): unknown }
const yaml = createRequire(import.meta.url)('js-yaml') as YamlModule;

type Node = Record<string, unknown>;

export interface EndpointDescriptions {
  readonly summary: string | undefined;
  readonly fields: ReadonlyMap<string, string>;
}

function child(node: unknown, ...keys: (string | number)[]): unknown {
  let current = node;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Node)[key];
  }
  return current;
}

/** Plain one-line text: the file's descriptions carry HTML line breaks and bold tags. */
export function cleanText(text: string): string {
  return text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
}

function resolve(spec: unknown, node: unknown): unknown {
  const ref = child(node, '$ref');
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  return child(spec, ...ref.slice(2).split('/'));
}

function recordSchema(spec: unknown, operation: unknown): unknown {
  const parts = child(operation, 'responses', '200', 'content', 'application/json', 'schema', 'allOf');
  if (!Array.isArray(parts)) return undefined;
  for (const part of parts) {
    const items = child(resolve(spec, child(resolve(spec, part), 'properties', 'dados')), 'items');
    if (items !== undefined) return resolve(spec, items);
  }
  return undefined;
}

export function readOpenApiDescriptions(file: string): ReadonlyMap<string, EndpointDescriptions> {
  const spec = yaml.load(readFileSync(file, 'utf8'));
  const result = new Map<string, EndpointDescriptions>();
  const paths = child(spec, 'paths');
  if (paths === null || typeof paths !== 'object') throw new Error(`no paths in ${file}`);
  for (const [path, item] of Object.entries(paths as Node)) {
    const operation = child(item, 'get');
    const fields = new Map<string, string>();
    const properties = child(recordSchema(spec, operation), 'properties');
    if (properties !== null && typeof properties === 'object') {
      for (const [name, property] of Object.entries(properties as Node)) {
        const description = child(property, 'description');
        if (typeof description === 'string' && cleanText(description) !== '') fields.set(name, cleanText(description));
      }
    }
    const summary = child(operation, 'summary');
    result.set(path.replace(/^\/+/, ''), { summary: typeof summary === 'string' ? cleanText(summary) : undefined, fields });
  }
  return result;
}
