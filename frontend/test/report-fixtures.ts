import type { HoldoutMetrics } from '@/api';

/** A holdout report with the given metrics measured and every other one null (as the API answers). */
export function holdoutMetrics(measured: Partial<HoldoutMetrics>): HoldoutMetrics {
  return {
    accuracy: null,
    balanced_accuracy: null,
    log_loss: null,
    roc_auc: null,
    precision_macro: null,
    recall_macro: null,
    f1_macro: null,
    per_class: null,
    confusion_matrix: null,
    mae: null,
    mse: null,
    rmse: null,
    r2: null,
    mape: null,
    ...measured,
  };
}
