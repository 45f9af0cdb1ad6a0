import type { DatasetVersionRead } from '@/api';

export type VersionDiff = {
  rows: number;
  columns: number;
  added: string[];
  removed: string[];
  retyped: { name: string; from: string; to: string }[];
  missing: { name: string; from: number; to: number }[];
};

type Shape = Pick<DatasetVersionRead, 'rows' | 'columns' | 'columns_summary'>;

/** What changed from version `a` to version `b`: counts, columns and missing values. */
export function compareVersions(a: Shape, b: Shape): VersionDiff {
  const before = new Map(a.columns_summary.map((c) => [c.name, c]));
  const after = new Map(b.columns_summary.map((c) => [c.name, c]));
  const diff: VersionDiff = {
    rows: b.rows - a.rows,
    columns: b.columns - a.columns,
    added: [...after.keys()].filter((name) => !before.has(name)),
    removed: [...before.keys()].filter((name) => !after.has(name)),
    retyped: [],
    missing: [],
  };
  for (const [name, old] of before) {
    const now = after.get(name);
    if (!now) continue;
    if (now.type !== old.type) diff.retyped.push({ name, from: old.type, to: now.type });
    if (now.missing !== old.missing)
      diff.missing.push({ name, from: old.missing, to: now.missing });
  }
  return diff;
}
