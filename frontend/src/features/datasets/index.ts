// Public surface of the datasets feature: the app layer imports from here only.
export { DatasetsEmptyState } from './components/datasets-empty-state';
