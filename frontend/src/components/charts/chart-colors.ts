/** Series colours from the Mantine palette (CSS variables work as SVG paint). */
const NAMES = [
  'blue',
  'orange',
  'teal',
  'grape',
  'red',
  'cyan',
  'lime',
  'pink',
  'indigo',
  'yellow',
];

export function seriesColor(index: number, shade = 6): string {
  return `var(--mantine-color-${NAMES[index % NAMES.length]}-${shade})`;
}

export const GRID_COLOR = 'var(--mantine-color-gray-3)';
export const AXIS_COLOR = 'var(--mantine-color-gray-6)';
export const POSITIVE_COLOR = 'var(--mantine-color-teal-6)';
export const NEGATIVE_COLOR = 'var(--mantine-color-red-6)';
export const MUTED_COLOR = 'var(--mantine-color-gray-5)';

export const AXIS_TICK = { fontSize: 12, fill: AXIS_COLOR };
