import {
  ContextAttribute,
  Schedule,
  ScheduleExpression,
  ScheduleTargetInput,
} from 'aws-cdk-lib/aws-scheduler';
import { StepFunctionsStartExecution } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { SyncConfig } from '../../config/stage-config.ts';

export interface SyncScheduleProps {
  readonly scheduleName: string;
  readonly config: SyncConfig;
  readonly stateMachine: IStateMachine;
  /** Where a start that failed all retries (or aged out) lands, for an operator to replay. */
  readonly deadLetterQueue: IQueue;
}

/**
 * Starts the tenant sync every day at the configured local time (EventBridge Scheduler, not an EventBridge
 * rule: rules run cron in UTC only). The run id is the scheduled time, which is the same for every delivery
 * and retry of one occurrence. The execution cannot be *named* after it (the templated Step Functions target
 * has no name, and a scheduled time such as 2026-11-23T21:00:00Z contains ':', which execution names forbid),
 * so sync-plan refuses a second plan of the same run id by a conditional write (see tenant-sync-definition.ts).
 */
export class SyncSchedule extends Construct {
  public readonly schedule: Schedule;

  public constructor(scope: Construct, id: string, props: SyncScheduleProps) {
    super(scope, id);
    const { config } = props;
    const { hour, minute, timeZone } = config.schedule;
    this.schedule = new Schedule(this, 'Schedule', {
      scheduleName: props.scheduleName,
      description: `Daily tenant sync (BATCH-403) at ${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')} ${timeZone.timezoneName}`,
      schedule: ScheduleExpression.cron({ minute: String(minute), hour: String(hour), timeZone }),
      target: new StepFunctionsStartExecution(props.stateMachine, {
        input: ScheduleTargetInput.fromObject({ run_id: ContextAttribute.scheduledTime }),
        retryAttempts: config.scheduleRetryAttempts,
        maxEventAge: config.scheduleMaxEventAge,
        deadLetterQueue: props.deadLetterQueue,
      }),
    });
  }
}
