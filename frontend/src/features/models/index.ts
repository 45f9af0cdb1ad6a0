// Public surface of the models feature: the app layer imports from here only.
export { useModel } from './api/use-models';
export { AliasHistory } from './components/alias-history';
export { ModelsTable } from './components/models-table';
export { VersionDetail } from './components/version-detail';
export { VersionsTable } from './components/versions-table';
