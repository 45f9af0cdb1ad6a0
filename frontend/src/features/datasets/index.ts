// Public surface of the datasets feature: the app layer imports from here only.
export { DatasetView } from './components/dataset-view';
export { DatasetsOverview } from './components/datasets-overview';
export { DatasetsEmptyState } from './components/datasets-empty-state';
