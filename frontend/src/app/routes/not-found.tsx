import { Button } from '@mantine/core';
import { Link } from 'react-router';

import { ErrorFallback } from '@/components/errors/error-fallback';

import { pageTitle } from '../constants';

export function NotFoundRoute() {
  return (
    <>
      <title>{pageTitle('Page not found')}</title>
      <ErrorFallback
        title="Page not found"
        message="The page you asked for does not exist or has moved."
        actions={
          <Button component={Link} to="/">
            Go to the start page
          </Button>
        }
      />
    </>
  );
}
