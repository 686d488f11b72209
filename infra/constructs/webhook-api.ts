import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  type CfnStage,
  HttpApi,
  HttpMethod,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import type { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiConfig, ThrottleConfig } from '../config/stage-config.ts';

/** The provider-facing contract (see ARCHITECTURE.md): do not change without a migration plan. */
export const WEBHOOK_PATH = '/webhooks/{provider}/{tenantId}';

/** One entry of the stage's RouteSettings, as CloudFormation reads it. */
interface RouteThrottle {
  readonly ThrottlingRateLimit: number;
  readonly ThrottlingBurstLimit: number;
}

export interface WebhookApiProps extends ApiConfig {
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

// HTTP API context variables (not every REST API variable exists here). Path parameters are tenant and
// provider ids, never secrets; query strings and headers are left out because some schemes sign with them.
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    sourceIp: '$context.identity.sourceIp',
    userAgent: '$context.identity.userAgent',
    httpMethod: '$context.httpMethod',
    routeKey: '$context.routeKey',
    path: '$context.path',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationStatus: '$context.integrationStatus',
    integrationLatency: '$context.integrationLatency',
    integrationError: '$context.integrationErrorMessage',
    error: '$context.error.message',
  }),
);

/**
 * The HTTP API providers post webhooks to. Unknown paths get API Gateway's own 404; every method on the
 * webhook path reaches the function, so a wrong method gets the platform's 405 rather than a 404.
 */
export class WebhookApi extends Construct {
  public readonly httpApi: HttpApi;
  public readonly stage: HttpStage;
  public readonly accessLogGroup: LogGroup;
  private readonly props: WebhookApiProps;

  public constructor(scope: Construct, id: string, props: WebhookApiProps) {
    super(scope, id);
    this.props = props;

    // The default stage is built here rather than by HttpApi so it can carry throttling and access logs.
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'tsunagi webhook ingestion',
      createDefaultStage: false,
    });
    this.accessLogGroup = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttlingRateLimit, burstLimit: props.throttlingBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }

  /**
   * Routes the webhook path to the receiver: POST explicitly (the contract), ANY for our own 405s. Each route
   * gets its own throttling (`api.webhookRoute`, `api.otherMethodsRoute`).
   */
  public addWebhookRoutes(integration: HttpLambdaIntegration): HttpRoute[] {
    const routes = [
      ...this.addThrottledRoutes(HttpMethod.POST, integration, this.props.webhookRoute),
      ...this.addThrottledRoutes(HttpMethod.ANY, integration, this.props.otherMethodsRoute),
    ];
    for (const route of routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Webhook providers cannot use IAM, Cognito or JWT authorizers; each request is authenticated by its provider signature, verified in the function over the raw body before anything is accepted.',
      });
    }
    return routes;
  }

  /**
   * The L2 stage sets only the default route throttling, so per-route limits go on the L1 stage. Its
   * RouteSettings is a plain JSON map (CDK does not rename keys inside it), hence the CloudFormation casing.
   * A route setting replaces the default rather than merging with it, hence both limits. API Gateway refuses
   * a setting for a route key that does not exist yet: the stage is deployed after its routes.
   */
  private addThrottledRoutes(
    method: HttpMethod,
    integration: HttpLambdaIntegration,
    throttle: ThrottleConfig,
  ): HttpRoute[] {
    const routes = this.httpApi.addRoutes({ path: WEBHOOK_PATH, methods: [method], integration });
    const stage = this.stage.node.defaultChild as CfnStage;
    stage.routeSettings = {
      ...(stage.routeSettings as Record<string, RouteThrottle> | undefined),
      [`${method} ${WEBHOOK_PATH}`]: {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
      } satisfies RouteThrottle,
    };
    for (const route of routes) this.stage.node.addDependency(route);
    return routes;
  }

  /** The URL providers are given, without a trailing slash. */
  public get endpoint(): string {
    return this.httpApi.apiEndpoint;
  }
}
