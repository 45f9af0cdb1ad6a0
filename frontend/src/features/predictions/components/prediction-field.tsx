import { NumberInput, Select, TextInput } from '@mantine/core';

import type { ColumnUnit } from '@/api';

import { rangeHint, type FormField } from '../lib/feature-fields';

type PredictionFieldProps = {
  field: FormField;
  value: string | number;
  error?: string | null;
  /** The currency or percent sign the training file wrote this feature's numbers with. */
  unit?: ColumnUnit;
  onChange: (value: string | number) => void;
};

/** One input of the prediction form, chosen by the feature's type. */
export function PredictionField({ field, value, error, unit, onChange }: PredictionFieldProps) {
  const common = { label: field.name, withAsterisk: field.required, error: error ?? undefined };
  switch (field.kind) {
    case 'number':
    case 'integer':
      return (
        <NumberInput
          {...common}
          description={
            unit?.kind === 'percent'
              ? [rangeHint(field), 'a fraction: 0.12 means 12%'].filter(Boolean).join(' · ')
              : rangeHint(field)
          }
          prefix={unit?.kind === 'currency' && unit.position === 'prefix' ? unit.symbol : undefined}
          suffix={
            unit?.kind === 'currency' && unit.position === 'suffix'
              ? `\u00a0${unit.symbol}`
              : undefined
          }
          value={value}
          onChange={(v) => onChange(v)}
          allowDecimal={field.kind === 'number'}
          decimalScale={field.kind === 'number' ? 6 : 0}
          thousandSeparator=","
        />
      );
    case 'category':
    case 'boolean':
      return (
        <Select
          {...common}
          description={`${field.options.length} value${field.options.length === 1 ? '' : 's'} seen in training`}
          data={field.options}
          value={value === '' ? null : String(value)}
          onChange={(v) => onChange(v ?? '')}
          searchable
          clearable={!field.required}
          comboboxProps={{ withinPortal: true }}
        />
      );
    case 'date':
    case 'datetime':
      return (
        <TextInput
          {...common}
          type={field.kind === 'date' ? 'date' : 'datetime-local'}
          description={
            field.range
              ? `Training range ${field.range[0].slice(0, 10)} – ${field.range[1].slice(0, 10)}`
              : undefined
          }
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
    default:
      return (
        <TextInput
          {...common}
          value={String(value)}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
      );
  }
}
