import { closest } from './did-you-mean';

/**
 * The AWS prices `dagstep cost` and `dagstep simulate` estimate with: the one place they live.
 * On-demand list prices in USD, without free tiers (Step Functions' 4,000 transitions, Lambda's
 * 1M requests and 400,000 GB-seconds, SQS's 1M requests a month are account-wide, so an estimate
 * of one workflow leaves them out) and without volume tiers (the first tier applies).
 *
 * Sources, read on {@link PRICES_AS_OF}:
 * - Step Functions, "AWS Step Functions Pricing", https://aws.amazon.com/step-functions/pricing/ —
 *   Standard: "$0.025 per 1,000 state transitions" and the "State transitions pricing table" per
 *   region; "You are charged for the total number of state transitions across all your state
 *   machines, including retries". Express: a request "each time it starts executing a workflow",
 *   duration "rounded up to the nearest 100ms, and the amount of memory used ..., billed in 64-MB
 *   chunks"; $1.00 per 1M requests and $0.00001667 per GB-second (first tier), i.e. $0.0000001042
 *   per 100 ms of a 64 MB execution as the AWS Step Functions Workshop's "Review the Cost Impact"
 *   computes it (module 13).
 * - Lambda, "AWS Lambda Pricing", https://aws.amazon.com/lambda/pricing/ — $0.20 per 1M requests,
 *   $0.0000166667 per GB-second (x86) and $0.0000133334 (Arm), duration rounded up to 1 ms.
 * - DynamoDB on-demand, "Amazon DynamoDB pricing for on-demand capacity",
 *   https://aws.amazon.com/dynamodb/pricing/on-demand/ — $0.625 per million write request units,
 *   $0.125 per million read request units (us-east-1, after the November 2024 reduction).
 * - SQS, "Amazon SQS pricing", https://aws.amazon.com/sqs/pricing/ — standard queue $0.40 per
 *   million requests (first 100 billion a month); each 64 KB chunk of a payload is one request.
 *
 * Only Step Functions Standard was looked up per region; every other price is the us-east-1 one
 * for every region ({@link RegionPrices.regional} says which are which).
 */
export const PRICES_AS_OF = '2026-12-07';

/** Where each price comes from, for reports. */
export const PRICE_SOURCES = {
  stepFunctions: 'https://aws.amazon.com/step-functions/pricing/',
  lambda: 'https://aws.amazon.com/lambda/pricing/',
  dynamodb: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  sqs: 'https://aws.amazon.com/sqs/pricing/',
} as const;

/** The prices of one region, per unit (not per thousand or million). */
export interface RegionPrices {
  readonly region: string;
  /** Step Functions Standard, per state transition. */
  readonly standardTransition: number;
  /** Step Functions Express, per execution started. */
  readonly expressRequest: number;
  /** Step Functions Express, per GB-second of duration (memory billed in 64 MB chunks, time in 100 ms). */
  readonly expressGbSecond: number;
  /** Lambda, per request. */
  readonly lambdaRequest: number;
  /** Lambda, per GB-second by architecture. */
  readonly lambdaGbSecond: { readonly arm64: number; readonly x86_64: number };
  /** DynamoDB on-demand, per write request unit (one write of up to 1 KB). */
  readonly dynamodbWrite: number;
  /** DynamoDB on-demand, per read request unit (one strongly consistent read of up to 4 KB). */
  readonly dynamodbRead: number;
  /** SQS standard queue, per request (one 64 KB chunk). */
  readonly sqsRequest: number;
  /** The prices looked up for this region itself; the others are us-east-1's. */
  readonly regional: readonly ('standardTransition')[];
}

/** us-east-1, the prices every region shares unless the table says otherwise. */
const US_EAST_1: Omit<RegionPrices, 'region' | 'standardTransition' | 'regional'> = {
  // Per unit, as decimal literals (0.20 / 1e6 would carry float noise into every report).
  expressRequest: 0.000001, // $1.00 per 1M requests
  expressGbSecond: 0.00001667,
  lambdaRequest: 0.0000002, // $0.20 per 1M requests
  lambdaGbSecond: { arm64: 0.0000133334, x86_64: 0.0000166667 },
  dynamodbWrite: 0.000000625, // $0.625 per million WRU
  dynamodbRead: 0.000000125, // $0.125 per million RRU
  sqsRequest: 0.0000004, // $0.40 per million requests
};

/** Step Functions Standard, USD per 1,000 state transitions, from the "State transitions pricing table". */
const STANDARD_PER_1000: Readonly<Record<string, number>> = {
  'us-east-1': 0.0250, 'us-east-2': 0.0250, 'us-west-2': 0.0250, 'us-west-1': 0.0279,
  'ca-central-1': 0.0250, 'sa-east-1': 0.0375, 'us-gov-east-1': 0.0300, 'us-gov-west-1': 0.0300,
  'eu-west-1': 0.0250, 'eu-central-1': 0.0250, 'eu-west-2': 0.0250, 'eu-west-3': 0.0297, 'eu-north-1': 0.0250,
  'ap-southeast-1': 0.0250, 'ap-northeast-1': 0.0250, 'ap-southeast-2': 0.0250, 'ap-northeast-2': 0.0271, 'ap-south-1': 0.0285,
};

/** The regions the table knows. */
export const PRICED_REGIONS: readonly string[] = Object.keys(STANDARD_PER_1000);

/** The default region of estimates. */
export const DEFAULT_PRICE_REGION = 'us-east-1';

/**
 * The prices of `region`; throws an Error naming the known regions (and the closest one) for a
 * region the table does not have.
 */
export function pricesFor(region: string = DEFAULT_PRICE_REGION): RegionPrices {
  const per1000 = STANDARD_PER_1000[region];
  if (per1000 === undefined) {
    const hint = closest(region, PRICED_REGIONS);
    throw new Error(`no prices for region "${region}"${hint ? ` (did you mean "${hint}"?)` : ''}; known regions: ${PRICED_REGIONS.join(', ')}`);
  }
  return { region, standardTransition: per1000 / 1000, ...US_EAST_1, regional: ['standardTransition'] };
}
