import { SimpleGrid, Stack, Text, Title } from '@mantine/core';

import type { FeatureImportance, HoldoutMetrics, LeaderboardEntry, ModelPlots } from '@/api';
import { ChartCard } from '@/components/charts/chart-card';
import { ConfusionMatrixChart } from '@/components/charts/confusion-matrix';
import { CurveChart } from '@/components/charts/curve-chart';
import { ScatterPlot } from '@/components/charts/scatter-plot';
import { formatMetric, metricValue, prSeries, rocSeries, zipPoints } from '@/lib/model-report';

import { BaselineCards } from './baseline-cards';
import { ImportanceChart } from './importance-chart';
import { LeaderboardTable } from './leaderboard-table';

/** What a finished training run (or a registered version) reports; both API shapes fit. */
export type ModelReportData = {
  task: string;
  metric: string;
  greater_is_better: boolean;
  holdout_metrics: HoldoutMetrics;
  baseline_metrics: HoldoutMetrics;
  plots: ModelPlots;
  feature_importances: FeatureImportance[];
};

type ModelReportProps = {
  report: ModelReportData;
  leaderboard?: LeaderboardEntry[];
  bestTrialId?: number;
};

/** Holdout evaluation of a model: metrics vs baseline, diagnostic charts, importances, trials. */
export function ModelReport({ report, leaderboard, bestTrialId }: ModelReportProps) {
  const task = report.task === 'regression' ? 'regression' : 'classification';
  const { plots } = report;
  const confusion = plots.confusion_matrix ?? null;
  const roc = rocSeries(plots.roc_curve ?? []);
  const pr = prSeries(plots.pr_curve ?? []);
  const actual = plots.predicted_vs_actual
    ? zipPoints(plots.predicted_vs_actual.actual, plots.predicted_vs_actual.predicted)
    : [];
  const residuals = plots.residuals
    ? zipPoints(plots.residuals.predicted, plots.residuals.residual)
    : [];

  return (
    <Stack gap="md">
      <Title order={2} size="h3">
        Holdout evaluation
      </Title>
      <Text size="sm" c="dimmed">
        Measured on rows the search never saw.
      </Text>
      <BaselineCards
        task={task}
        metric={report.metric}
        greaterIsBetter={report.greater_is_better}
        holdout={report.holdout_metrics}
        baseline={report.baseline_metrics}
      />

      {task === 'classification' ? (
        <SimpleGrid cols={{ base: 1, md: 2, lg: 3 }} spacing="md">
          {confusion && (
            <ChartCard
              title="Confusion matrix"
              description="Rows: actual class. Columns: predicted."
            >
              <ConfusionMatrixChart data={confusion} />
            </ChartCard>
          )}
          {roc.length > 0 && (
            <ChartCard
              title="ROC curve"
              description={`AUC ${formatMetric(metricValue(report.holdout_metrics, 'roc_auc'))}; the dashed line is chance.`}
            >
              <CurveChart
                series={roc}
                xLabel="False positive rate"
                yLabel="True positive rate"
                diagonal
              />
            </ChartCard>
          )}
          {pr.length > 0 && (
            <ChartCard title="Precision-recall curve" description="Precision at each recall level.">
              <CurveChart series={pr} xLabel="Recall" yLabel="Precision" />
            </ChartCard>
          )}
        </SimpleGrid>
      ) : (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          {actual.length > 0 && (
            <ChartCard
              title="Predicted vs actual"
              description="Points on the dashed line are perfect predictions."
            >
              <ScatterPlot
                points={actual}
                xLabel="Actual"
                yLabel="Predicted"
                reference="identity"
              />
            </ChartCard>
          )}
          {residuals.length > 0 && (
            <ChartCard
              title="Residuals"
              description="Actual minus predicted; a pattern here means a systematic error."
            >
              <ScatterPlot
                points={residuals}
                xLabel="Predicted"
                yLabel="Residual"
                reference="zero"
              />
            </ChartCard>
          )}
        </SimpleGrid>
      )}

      <ImportanceChart
        importances={report.feature_importances}
        coverage={plots.feature_importance_coverage}
        metric={report.metric}
      />

      {leaderboard && leaderboard.length > 0 && (
        <ChartCard
          title="Leaderboard"
          description={`${leaderboard.length} candidates, cross-validated on the training rows.`}
        >
          <LeaderboardTable
            entries={leaderboard}
            metric={report.metric}
            greaterIsBetter={report.greater_is_better}
            bestTrialId={bestTrialId}
          />
        </ChartCard>
      )}
    </Stack>
  );
}
