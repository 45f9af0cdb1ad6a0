// Public surface of the tokens feature: the app layer imports from here only.
export { CreateTokenForm } from './components/create-token-form';
export { TokensTable } from './components/tokens-table';
