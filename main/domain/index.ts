/**
 * What is Omnitron's, not IPC's: plan statuses, plan types, channel types, the server
 * address rules, how a user is named, the kinds of error (errors.ts, with AppError, is
 * imported directly: it logs, which the renderer cannot), and the one rule for what a plan shows
 * while changes made here are open (plan-display.ts). Everything (the IPC contract, store, sync, API
 * client, simulator) imports these from here.
 *
 * No Node, Electron or zod imports: the renderer bundles this module through
 * preload/contract.ts.
 */
export { CHANNEL_TYPES, PLAN_STATUSES, PLAN_TYPES, type ChannelType, type PlanStatus, type PlanType } from './values'
export { inspectServerUrl, isLoopbackHost, serverUrlProblem, type ServerUrlCheck, type ServerUrlRule } from './server-url'
export { userAccount, userName } from './user'
export { ERROR_CODES, isErrorCode, type ErrorCode, type ErrorShape } from './error-codes'
export { LABELS, codeLabel, type CodeLabels, type LabelKind, type LabelLanguage } from './labels'
export { planShown, type PlanChange, type PlanChangeNote, type PlanShown } from './plan-display'
export { DOCUMENTED_TRANSACTION_TYPE, itemsInPaymentPlan, paymentPlanLines, refundTotal, transactionTypeChoices, type PaymentPlanView } from './payment-plan'
