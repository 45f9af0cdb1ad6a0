import { useParams } from 'react-router';

import { VersionDetail } from '@/features/models';

import { pageTitle } from '../constants';

export function ModelVersionRoute() {
  const { modelId = '', version = '' } = useParams();
  return (
    <>
      <title>{pageTitle(`Model version ${version}`)}</title>
      <VersionDetail key={`${modelId}:${version}`} modelId={modelId} version={Number(version)} />
    </>
  );
}
