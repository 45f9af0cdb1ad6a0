"""Generic background jobs: the `job` table is the truth, queues only carry job ids."""
