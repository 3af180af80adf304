import { Stack } from 'aws-cdk-lib';

/** Resolves a value of `stack` and renders CloudFormation references as `${...}` placeholders. */
export function renderReferences(stack: Stack, value: unknown): string {
  return render(stack.resolve(value));
}

/**
 * Renders every CloudFormation intrinsic inside resolved JSON (objects kept as objects) as a
 * `${...}` placeholder string, the same way {@link renderReferences} does.
 */
export function renderResolvedJson(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(renderResolvedJson);
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('Ref' in o || 'Fn::GetAtt' in o || 'Fn::Join' in o || 'Fn::ImportValue' in o || 'Fn::Select' in o) return render(o);
    // A loop, not Object.fromEntries(Object.entries(...)): this walks every state of 10,000-task definitions.
    const out: Record<string, unknown> = {};
    for (const k in o) out[k] = renderResolvedJson(o[k]);
    return out;
  }
  return v;
}

function render(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('Ref' in o) return `\${${String(o.Ref)}}`;
    if ('Fn::GetAtt' in o) return `\${${(o['Fn::GetAtt'] as string[]).join('.')}}`;
    if ('Fn::ImportValue' in o) return `\${ImportValue:${render(o['Fn::ImportValue'])}}`;
    // A part of an imported ARN (an imported state machine's name): `${Select:<i>:<separator>:<value>}`.
    if ('Fn::Select' in o) {
      const [index, list] = o['Fn::Select'] as [number, Record<string, unknown>];
      if (list && typeof list === 'object' && 'Fn::Split' in list) {
        const [sep, value] = list['Fn::Split'] as [string, unknown];
        return `\${Select:${index}:${sep}:${render(value)}}`;
      }
    }
    if ('Fn::Join' in o) {
      const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(sep);
    }
  }
  throw new Error(`internal: cannot render CloudFormation value ${JSON.stringify(v)}`);
}
