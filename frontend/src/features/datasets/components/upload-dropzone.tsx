import {
  Alert,
  Button,
  Group,
  Loader,
  Paper,
  Progress,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';

import type { DatasetDetail } from '@/api';
import { formatBytes } from '@/lib/formatters';

import { useUploadDataset } from '../api/use-upload-dataset';
import { describeUploadPhase } from '../lib/upload-progress';

type UploadDropzoneProps = {
  onUploaded: (dataset: DatasetDetail) => void;
};

/** Drag a CSV here or pick one; shows real upload progress, then the server's processing. */
export function UploadDropzone({ onUploaded }: UploadDropzoneProps) {
  const upload = useUploadDataset();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [name, setName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const busy = upload.isPending;

  const start = (chosen: File) => {
    setFile(chosen);
    upload.mutate(
      { file: chosen, name },
      {
        onSuccess: (dataset) => {
          setName('');
          setFile(null);
          onUploaded(dataset);
        },
      },
    );
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped && !busy) start(dropped);
  };

  return (
    <Paper
      withBorder
      p="lg"
      radius="md"
      onDragOver={(event) => {
        event.preventDefault();
        if (!busy) setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      style={{
        borderStyle: 'dashed',
        borderWidth: 2,
        borderColor: dragging ? 'var(--mantine-color-blue-6)' : undefined,
        background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
      }}
      aria-label="Upload a CSV file"
      component="section"
    >
      <Stack gap="sm">
        <Group justify="space-between" align="flex-end" wrap="wrap">
          <Stack gap={2}>
            <Text fw={600}>Drop a CSV file here</Text>
            <Text size="sm" c="dimmed">
              Delimiter, encoding and column types are detected for you.
            </Text>
          </Stack>
          <Group align="flex-end" gap="sm">
            <TextInput
              label="Dataset name (optional)"
              placeholder="Defaults to the file name"
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              disabled={busy}
              w={240}
            />
            <Button
              leftSection={<IconUpload size={16} aria-hidden />}
              onClick={() => input.current?.click()}
              loading={busy}
            >
              Choose CSV file
            </Button>
          </Group>
        </Group>
        <input
          ref={input}
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/plain"
          hidden
          aria-label="CSV file"
          data-testid="csv-file-input"
          onChange={(event) => {
            const chosen = event.currentTarget.files?.[0];
            event.currentTarget.value = '';
            if (chosen) start(chosen);
          }}
        />
        {upload.phase.stage === 'sending' && (
          <Stack gap={4}>
            <Text size="sm">
              Uploading {file?.name} ({formatBytes(file?.size ?? 0)}) —{' '}
              {Math.round(upload.phase.share * 100)}%
            </Text>
            <Progress value={upload.phase.share * 100} aria-label="Upload progress" animated />
          </Stack>
        )}
        {upload.phase.stage === 'processing' &&
          (upload.phase.server && upload.phase.server.phase !== 'receiving' ? (
            <Stack gap={4} role="status">
              <Text size="sm">
                Processing {file?.name}: {describeUploadPhase(upload.phase.server)} —{' '}
                {Math.round(upload.phase.server.fraction * 100)}%
              </Text>
              <Progress
                value={upload.phase.server.fraction * 100}
                aria-label="Processing progress"
                animated
              />
            </Stack>
          ) : (
            <Group gap="xs" role="status">
              <Loader size="xs" />
              <Text size="sm">
                Processing {file?.name}: reading rows and detecting column types…
              </Text>
            </Group>
          ))}
        {upload.error && (
          <Alert
            color="red"
            title="Upload failed"
            role="alert"
            withCloseButton
            onClose={() => upload.reset()}
          >
            {upload.error.message}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
