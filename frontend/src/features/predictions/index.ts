// Public surface of the predictions feature: the app layer imports from here only.
export { ApiSnippets } from './components/api-snippets';
export { BatchScoring } from './components/batch-scoring';
export { PredictionForm } from './components/prediction-form';
export { PredictionLog } from './components/prediction-log';
