import { ActionIcon, Badge, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconFilterPlus, IconX } from '@tabler/icons-react';
import { useState } from 'react';

import type { ColumnHeader, FilterOp } from '@/api';

import {
  describeFilter,
  filterProblem,
  operatorNeedsValue,
  operatorsFor,
  type FilterCondition,
} from '../lib/filter-grammar';

type FilterBuilderProps = {
  columns: ColumnHeader[];
  filters: FilterCondition[];
  onChange: (filters: FilterCondition[]) => void;
};

/** Column, operator, value -> a filter chip; chips combine with AND and are removable. */
export function FilterBuilder({ columns, filters, onChange }: FilterBuilderProps) {
  const [column, setColumn] = useState<string | null>(null);
  const [op, setOp] = useState<FilterOp | null>(null);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const type = columns.find((c) => c.name === column)?.type;
  const operators = operatorsFor(type);

  const add = () => {
    const candidate = { column: column ?? '', op: op ?? undefined, value };
    const found = filterProblem(candidate, type);
    if (found || !column || !op) return setProblem(found);
    onChange([...filters, { column, op, value: operatorNeedsValue(op) ? value.trim() : '' }]);
    setValue('');
    setProblem(null);
  };

  return (
    <Stack gap="xs">
      <form
        aria-label="Filter rows"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <Group align="flex-end" gap="xs" wrap="wrap">
          <Select
            label="Column"
            size="xs"
            w={180}
            searchable
            data={columns.map((c) => c.name)}
            value={column}
            onChange={(next) => {
              setColumn(next);
              const nextType = columns.find((c) => c.name === next)?.type;
              if (op && !operatorsFor(nextType).some((o) => o.op === op)) setOp(null);
            }}
          />
          <Select
            label="Operator"
            size="xs"
            w={150}
            data={operators.map((o) => ({ value: o.op, label: o.label }))}
            value={op}
            onChange={(next) => setOp(next as FilterOp | null)}
          />
          <TextInput
            label="Value"
            size="xs"
            w={160}
            value={value}
            onChange={(event) => setValue(event.currentTarget.value)}
            disabled={op !== null && !operatorNeedsValue(op)}
          />
          <Button
            type="submit"
            size="xs"
            variant="light"
            leftSection={<IconFilterPlus size={14} aria-hidden />}
          >
            Add filter
          </Button>
          {problem && (
            <Text size="xs" c="red" role="alert">
              {problem}
            </Text>
          )}
        </Group>
      </form>
      {filters.length > 0 && (
        <Group gap={6} aria-label="Active filters">
          {filters.map((filter, i) => (
            <Badge
              key={`${filter.column}-${filter.op}-${filter.value}-${i}`}
              variant="light"
              size="lg"
              radius="sm"
              tt="none"
              rightSection={
                <ActionIcon
                  size="xs"
                  variant="transparent"
                  aria-label={`Remove filter ${describeFilter(filter)}`}
                  onClick={() => onChange(filters.filter((_, j) => j !== i))}
                >
                  <IconX size={12} aria-hidden />
                </ActionIcon>
              }
            >
              {describeFilter(filter)}
            </Badge>
          ))}
          <Button size="compact-xs" variant="subtle" onClick={() => onChange([])}>
            Clear filters
          </Button>
        </Group>
      )}
    </Stack>
  );
}
