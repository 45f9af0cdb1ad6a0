// Public surface of the training feature: the app layer imports from here only.
export { TrainingJobView } from './components/training-job-view';
export { TrainingJobsTable } from './components/training-jobs-table';
export { TrainingWizard } from './components/training-wizard';
