// Public surface of the monitoring feature: the app layer imports from here only.
export { MonitoringTab } from './components/monitoring-tab';
