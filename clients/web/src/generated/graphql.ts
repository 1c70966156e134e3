/* eslint-disable */
import { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date as ISO 8601 text (YYYY-MM-DD), e.g. 2027-03-14 */
  Date: { input: string; output: string; }
  /** An instant as RFC 3339 text with a UTC offset, e.g. 2027-03-14T09:30:00+00:00 */
  DateTime: { input: string; output: string; }
  /** An exact decimal number as a string, e.g. "140.00" (never a JSON number, which would round) */
  Decimal: { input: string; output: string; }
};

/** A traveler's cart, the same on every device. */
export type Cart = {
  __typename?: 'Cart';
  /** When the cart goes if nothing changes it (every change renews it: CART_TTL_DAYS after it); null for a cart never changed, or when carts do not expire. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** Stable for the traveler, also before the first change. */
  id: Scalars['ID']['output'];
  /** Number of lines. */
  itemCount: Scalars['Int']['output'];
  /** Lines, oldest first. */
  items: Array<CartItem>;
  /** The cart's version: grows by one with every change, and only then; equal revisions mean identical carts. 0 for a cart never changed. */
  revision: Scalars['Int']['output'];
  /** Exact sums of the available lines' subtotals at live prices, one per currency, sorted by currency code. */
  subtotals: Array<Money>;
  /** Sum of the lines' quantities. */
  totalQuantity: Scalars['Int']['output'];
  /** Last change; null for a cart that never had an item. */
  updatedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Every line's warnings, in line order: empty when the cart can be checked out. */
  warnings: Array<CartLineWarning>;
};

/** Options of cartAcceptPrices. */
export type CartAcceptPricesInput = {
  /** When set, prices are accepted only at this revision. */
  expectedRevision?: InputMaybe<Scalars['Int']['input']>;
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type CartAcceptPricesResult = CartAcceptPricesSuccess | CartRevisionConflictError | IdempotencyKeyReusedError | ValidationError;

export type CartAcceptPricesSuccess = {
  __typename?: 'CartAcceptPricesSuccess';
  /** Lines whose accepted price changed (0: they were current; nothing written). */
  acceptedCount: Scalars['Int']['output'];
  cart: Cart;
};

/** Turn the cart into a DRAFT journey plan with these details. */
export type CartCheckoutInput = {
  area?: InputMaybe<Scalars['String']['input']>;
  country: Scalars['String']['input'];
  district?: InputMaybe<Scalars['String']['input']>;
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** Required, 1..64 of [A-Za-z0-9_-]; a retry returns the same plan. */
  idempotencyKey: Scalars['String']['input'];
  notes?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  startDate?: InputMaybe<Scalars['Date']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  travelersCount?: Scalars['Int']['input'];
};

export type CartCheckoutResult = CartCheckoutSuccess | CartHasWarningsError | IdempotencyKeyReusedError | ServiceNotBookableError | ValidationError;

export type CartCheckoutSuccess = {
  __typename?: 'CartCheckoutSuccess';
  cart: Cart;
  journeyPlan: JourneyPlan;
};

/** Options of cartClear. */
export type CartClearInput = {
  /** When set, the cart is cleared only at this revision. */
  expectedRevision?: InputMaybe<Scalars['Int']['input']>;
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type CartClearResult = CartClearSuccess | CartRevisionConflictError | IdempotencyKeyReusedError | ValidationError;

export type CartClearSuccess = {
  __typename?: 'CartClearSuccess';
  cart: Cart;
  removedCount: Scalars['Int']['output'];
};

/** The cart has lines with warnings (see Cart.warnings): nothing was checked out. */
export type CartHasWarningsError = Error & {
  __typename?: 'CartHasWarningsError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Their warnings' codes, each once. */
  codes: Array<CartLineWarningCode>;
  /** The lines to fix or accept. */
  lineIds: Array<Scalars['ID']['output']>;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** One line of a traveler's cart: a service on a date. */
export type CartItem = {
  __typename?: 'CartItem';
  /** The unit price the traveler accepted (when adding, or with cartAcceptPrices); PRICE_CHANGED when unitPrice differs. */
  acceptedUnitPrice?: Maybe<Money>;
  /** True when the service exists and is active. */
  available: Scalars['Boolean']['output'];
  bookingDate: Scalars['Date']['output'];
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  participants: Scalars['Int']['output'];
  quantity: Scalars['Int']['output'];
  /** The catalog service; null when it left the catalog. */
  service?: Maybe<Service>;
  serviceId: Scalars['ID']['output'];
  specialRequests?: Maybe<Scalars['String']['output']>;
  /** unitPrice x quantity; null when the service is gone. */
  subtotal?: Maybe<Money>;
  /** Live catalog price per unit; null when the service is gone. */
  unitPrice?: Maybe<Money>;
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1 and grows by 1 on every change. */
  version: Scalars['Int']['output'];
  /** What to fix or accept before checkout; empty when the line can be booked. */
  warnings: Array<CartLineWarning>;
};

/** Add a service on a date; merges into an existing line for both. */
export type CartItemAddInput = {
  bookingDate: Scalars['Date']['input'];
  /** 1..64 of [A-Za-z0-9_-]; a retry with it adds only once. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  participants?: Scalars['Int']['input'];
  quantity?: Scalars['Int']['input'];
  serviceId: Scalars['ID']['input'];
  /** Trimmed, at most 500 characters; when sent, replaces the text on a merge. */
  specialRequests?: InputMaybe<Scalars['String']['input']>;
};

export type CartItemAddResult = CartItemAddSuccess | IdempotencyKeyReusedError | LimitExceededError | ServiceNotBookableError | ValidationError;

export type CartItemAddSuccess = {
  __typename?: 'CartItemAddSuccess';
  cart: Cart;
  cartItem: CartItem;
};

export type CartItemRemoveInput = {
  id: Scalars['ID']['input'];
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type CartItemRemoveResult = CartItemRemoveSuccess | IdempotencyKeyReusedError | ValidationError;

export type CartItemRemoveSuccess = {
  __typename?: 'CartItemRemoveSuccess';
  cart: Cart;
  /** False when there was no such line. */
  removed: Scalars['Boolean']['output'];
};

/** Change a line; omitted fields stay as they are. */
export type CartItemUpdateInput = {
  bookingDate?: InputMaybe<Scalars['Date']['input']>;
  /** When set, the update applies only to this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  participants?: InputMaybe<Scalars['Int']['input']>;
  quantity?: InputMaybe<Scalars['Int']['input']>;
  /** null or blank clears it. */
  specialRequests?: InputMaybe<Scalars['String']['input']>;
};

export type CartItemUpdateResult = CartItemUpdateSuccess | IdempotencyKeyReusedError | NotFoundError | ServiceNotBookableError | ValidationError | VersionConflictError;

export type CartItemUpdateSuccess = {
  __typename?: 'CartItemUpdateSuccess';
  cart: Cart;
  cartItem: CartItem;
};

/** Something to fix or accept before checking out. */
export type CartLineWarning = {
  __typename?: 'CartLineWarning';
  code: CartLineWarningCode;
  message: Scalars['String']['output'];
};

/** Why a line may not be booked as it stands. More codes may come: treat an unknown one as a warning. */
export type CartLineWarningCode =
  | 'BOOKING_DATE_PASSED'
  | 'CURRENCY_CHANGED'
  | 'PARTICIPANTS_ABOVE_MAX'
  | 'PRICE_CHANGED'
  | 'SERVICE_INACTIVE'
  | 'SERVICE_REMOVED';

/** A guest cart to bring to the server, at most 50 lines. */
export type CartMergeInput = {
  /** 1..64 of [A-Za-z0-9_-]; a retry returns the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  items: Array<CartMergeLineInput>;
};

/** One line of a guest cart. */
export type CartMergeLineInput = {
  bookingDate: Scalars['Date']['input'];
  participants?: Scalars['Int']['input'];
  quantity: Scalars['Int']['input'];
  serviceId: Scalars['ID']['input'];
  specialRequests?: InputMaybe<Scalars['String']['input']>;
};

export type CartMergeResult = CartMergeSuccess | IdempotencyKeyReusedError | LimitExceededError | ValidationError;

/** A guest line that was not merged, and why. */
export type CartMergeSkip = {
  __typename?: 'CartMergeSkip';
  error: Error;
  /** Position of the line in `items`. */
  index: Scalars['Int']['output'];
};

export type CartMergeSuccess = {
  __typename?: 'CartMergeSuccess';
  cart: Cart;
  /** Lines merged (added, raised or already there). */
  merged: Scalars['Int']['output'];
  skipped: Array<CartMergeSkip>;
};

/** The cart changed since `expectedRevision`; `current` is it now. */
export type CartRevisionConflictError = Error & {
  __typename?: 'CartRevisionConflictError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** The cart as it is now. */
  current: Cart;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Implemented by every typed error a mutation can return. */
export type Error = {
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Machine-readable error codes. */
export type ErrorCode =
  | 'CART_HAS_WARNINGS'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'INVALID_INPUT'
  | 'INVALID_TRANSITION'
  | 'LIMIT_EXCEEDED'
  | 'NOT_FOUND'
  | 'PLAN_LOCKED'
  | 'SERVICE_NOT_BOOKABLE'
  | 'VERSION_CONFLICT';

/** This idempotency key was already used with a different input or operation. */
export type IdempotencyKeyReusedError = Error & {
  __typename?: 'IdempotencyKeyReusedError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** One invalid input field. */
export type InputIssue = {
  __typename?: 'InputIssue';
  /** Path of the field, e.g. ['input', 'quantity']. */
  field: Array<Scalars['String']['output']>;
  message: Scalars['String']['output'];
};

/** The status table does not allow this move now. */
export type InvalidTransitionError = Error & {
  __typename?: 'InvalidTransitionError';
  /** The moves allowed from `from`. */
  allowed: Array<JourneyPlanStatus>;
  /** Machine-readable error code. */
  code: ErrorCode;
  from: JourneyPlanStatus;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
  to: JourneyPlanStatus;
};

/** A traveler's itinerary for a place, with chosen services. */
export type JourneyPlan = {
  __typename?: 'JourneyPlan';
  /** The statuses this plan can move to now. */
  allowedTransitions: Array<JourneyPlanStatus>;
  area?: Maybe<Scalars['String']['output']>;
  country: Scalars['String']['output'];
  createdAt: Scalars['DateTime']['output'];
  district?: Maybe<Scalars['String']['output']>;
  endDate?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  notes?: Maybe<Scalars['String']['output']>;
  region?: Maybe<Scalars['String']['output']>;
  services: Array<PlannedService>;
  startDate?: Maybe<Scalars['Date']['output']>;
  status: JourneyPlanStatus;
  /** Every status change, oldest first, starting with the creation. */
  statusHistory: Array<JourneyPlanStatusChange>;
  title?: Maybe<Scalars['String']['output']>;
  /** Sum of the services' subtotals, computed by the server. */
  totalCost: Money;
  travelersCount: Scalars['Int']['output'];
  updatedAt: Scalars['DateTime']['output'];
  /** Starts at 1; +1 on every change. */
  version: Scalars['Int']['output'];
};

/** One plan's change: the plan as it is now, or the id of a plan deleted. */
export type JourneyPlanChange = {
  __typename?: 'JourneyPlanChange';
  at: Scalars['DateTime']['output'];
  deletedId?: Maybe<Scalars['ID']['output']>;
  plan?: Maybe<JourneyPlan>;
};

/** One page of a traveler's plan changes: the plans changed after the position given, oldest change first, and the ids of plans deleted since. */
export type JourneyPlanChanges = {
  __typename?: 'JourneyPlanChanges';
  /** Where to continue: pass it as `after` next time (also when `hasMore` is false). It stays a few seconds behind the newest change, so a change may come twice. */
  cursor: Scalars['String']['output'];
  /** Plans deleted since the position given (none from no position). */
  deletedIds: Array<Scalars['ID']['output']>;
  /** More changes wait: ask again at once. */
  hasMore: Scalars['Boolean']['output'];
  /** Changed (or, from no position, all) plans, each as it is now. */
  plans: Array<JourneyPlan>;
};

/** A page of journey plans, newest first. */
export type JourneyPlanConnection = {
  __typename?: 'JourneyPlanConnection';
  edges: Array<JourneyPlanEdge>;
  pageInfo: PageInfo;
};

/** A new plan; it starts as DRAFT. */
export type JourneyPlanCreateInput = {
  area?: InputMaybe<Scalars['String']['input']>;
  country: Scalars['String']['input'];
  district?: InputMaybe<Scalars['String']['input']>;
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** 1..64 of [A-Za-z0-9_-]; a retry with it creates only once. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  notes?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  services?: Array<PlannedServiceInput>;
  startDate?: InputMaybe<Scalars['Date']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  travelersCount?: Scalars['Int']['input'];
};

export type JourneyPlanCreateResult = IdempotencyKeyReusedError | JourneyPlanCreateSuccess | ServiceNotBookableError | ValidationError;

export type JourneyPlanCreateSuccess = {
  __typename?: 'JourneyPlanCreateSuccess';
  journeyPlan: JourneyPlan;
};

export type JourneyPlanDeleteInput = {
  id: Scalars['ID']['input'];
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
};

export type JourneyPlanDeleteResult = IdempotencyKeyReusedError | JourneyPlanDeleteSuccess | PlanLockedError | ValidationError;

export type JourneyPlanDeleteSuccess = {
  __typename?: 'JourneyPlanDeleteSuccess';
  /** False when there was no such plan. */
  deleted: Scalars['Boolean']['output'];
  /** The id, when deleted. */
  deletedId?: Maybe<Scalars['ID']['output']>;
};

export type JourneyPlanEdge = {
  __typename?: 'JourneyPlanEdge';
  cursor: Scalars['String']['output'];
  node: JourneyPlan;
};

/** Where a plan is in its lifecycle; see `allowedTransitions`. */
export type JourneyPlanStatus =
  | 'BOOKED'
  | 'CANCELLED'
  | 'COMPLETED'
  | 'DRAFT'
  | 'PLANNED';

/** One move of a plan's status; the first is its creation. */
export type JourneyPlanStatusChange = {
  __typename?: 'JourneyPlanStatusChange';
  at: Scalars['DateTime']['output'];
  /** Null for the creation. */
  from?: Maybe<JourneyPlanStatus>;
  to: JourneyPlanStatus;
};

export type JourneyPlanTransitionInput = {
  /** When set, the move applies only to this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  to: JourneyPlanStatus;
};

export type JourneyPlanTransitionResult = IdempotencyKeyReusedError | InvalidTransitionError | JourneyPlanTransitionSuccess | JourneyPlanVersionConflictError | NotFoundError | ValidationError;

export type JourneyPlanTransitionSuccess = {
  __typename?: 'JourneyPlanTransitionSuccess';
  journeyPlan: JourneyPlan;
};

/** Change a plan; omitted fields stay, null clears optional ones. */
export type JourneyPlanUpdateInput = {
  area?: InputMaybe<Scalars['String']['input']>;
  country?: InputMaybe<Scalars['String']['input']>;
  district?: InputMaybe<Scalars['String']['input']>;
  endDate?: InputMaybe<Scalars['Date']['input']>;
  /** When set, the update applies only to this version. */
  expectedVersion?: InputMaybe<Scalars['Int']['input']>;
  id: Scalars['ID']['input'];
  /** 1..64 of [A-Za-z0-9_-]; for 24 hours a retry with it applies the change only once and answers with the first result. */
  idempotencyKey?: InputMaybe<Scalars['String']['input']>;
  notes?: InputMaybe<Scalars['String']['input']>;
  region?: InputMaybe<Scalars['String']['input']>;
  /** Replaces all services; [] empties the plan. */
  services?: InputMaybe<Array<PlannedServiceInput>>;
  startDate?: InputMaybe<Scalars['Date']['input']>;
  title?: InputMaybe<Scalars['String']['input']>;
  travelersCount?: InputMaybe<Scalars['Int']['input']>;
};

export type JourneyPlanUpdateResult = IdempotencyKeyReusedError | JourneyPlanUpdateSuccess | JourneyPlanVersionConflictError | NotFoundError | PlanLockedError | ServiceNotBookableError | ValidationError;

export type JourneyPlanUpdateSuccess = {
  __typename?: 'JourneyPlanUpdateSuccess';
  journeyPlan: JourneyPlan;
};

/** The plan changed since `expectedVersion`; `current` is it now. */
export type JourneyPlanVersionConflictError = Error & {
  __typename?: 'JourneyPlanVersionConflictError';
  /** Machine-readable error code. */
  code: ErrorCode;
  current: JourneyPlan;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** A limit would be exceeded; `limit` is the bound. */
export type LimitExceededError = Error & {
  __typename?: 'LimitExceededError';
  /** Machine-readable error code. */
  code: ErrorCode;
  limit: Scalars['Int']['output'];
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Where a service takes place, from country down to area. */
export type Location = {
  __typename?: 'Location';
  area?: Maybe<Scalars['String']['output']>;
  country: Scalars['String']['output'];
  district?: Maybe<Scalars['String']['output']>;
  region?: Maybe<Scalars['String']['output']>;
};

/** An exact amount of money in one currency. */
export type Money = {
  __typename?: 'Money';
  /** Decimal amount, e.g. 120.50. */
  amount: Scalars['Decimal']['output'];
  /** ISO 4217 currency code. */
  currencyCode: Scalars['String']['output'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Accept every line's current price (clears PRICE_CHANGED and CURRENCY_CHANGED) in one write; with expectedRevision only if the cart is still at it. */
  cartAcceptPrices: CartAcceptPricesResult;
  /** Turn the cart into a DRAFT journey plan and empty it in the same write; a retry with the same key returns the same plan. */
  cartCheckout: CartCheckoutResult;
  /** Remove every line of the cart. */
  cartClear: CartClearResult;
  /** Add a service on a date to the cart, merging with an existing line. */
  cartItemAdd: CartItemAddResult;
  /** Remove a cart line; removing a missing line succeeds with removed: false. */
  cartItemRemove: CartItemRemoveResult;
  /** Change a cart line; fields left out stay as they are. */
  cartItemUpdate: CartItemUpdateResult;
  /** Bring a guest cart to the server: matching lines take the larger quantity, new lines are added while there is room, invalid lines are skipped and reported. */
  cartMerge: CartMergeResult;
  /** Create a DRAFT plan; its cost is computed from the catalog. */
  journeyPlanCreate: JourneyPlanCreateResult;
  /** Delete a plan (not while BOOKED); a missing plan gives deleted: false. */
  journeyPlanDelete: JourneyPlanDeleteResult;
  /** Move a plan to another status, as the lifecycle table allows. */
  journeyPlanTransition: JourneyPlanTransitionResult;
  /** Change a DRAFT or PLANNED plan; omitted fields stay, null clears optional ones. */
  journeyPlanUpdate: JourneyPlanUpdateResult;
};


export type MutationCartAcceptPricesArgs = {
  input?: InputMaybe<CartAcceptPricesInput>;
};


export type MutationCartCheckoutArgs = {
  input: CartCheckoutInput;
};


export type MutationCartClearArgs = {
  input?: InputMaybe<CartClearInput>;
};


export type MutationCartItemAddArgs = {
  input: CartItemAddInput;
};


export type MutationCartItemRemoveArgs = {
  input: CartItemRemoveInput;
};


export type MutationCartItemUpdateArgs = {
  input: CartItemUpdateInput;
};


export type MutationCartMergeArgs = {
  input: CartMergeInput;
};


export type MutationJourneyPlanCreateArgs = {
  input: JourneyPlanCreateInput;
};


export type MutationJourneyPlanDeleteArgs = {
  input: JourneyPlanDeleteInput;
};


export type MutationJourneyPlanTransitionArgs = {
  input: JourneyPlanTransitionInput;
};


export type MutationJourneyPlanUpdateArgs = {
  input: JourneyPlanUpdateInput;
};

/** No such object for this traveler. */
export type NotFoundError = Error & {
  __typename?: 'NotFoundError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** Relay pagination state of a connection. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/** The plan's status forbids this change; `status` is the current one. */
export type PlanLockedError = Error & {
  __typename?: 'PlanLockedError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
  status: JourneyPlanStatus;
};

/** A service chosen for a plan, priced when the plan was written. */
export type PlannedService = {
  __typename?: 'PlannedService';
  bookingDate?: Maybe<Scalars['Date']['output']>;
  quantity: Scalars['Int']['output'];
  /** The catalog service; null when it left the catalog. */
  service?: Maybe<Service>;
  serviceId: Scalars['ID']['output'];
  /** unitPrice x quantity. */
  subtotal: Money;
  /** Catalog price captured when the plan's content was last written. */
  unitPrice: Money;
  /** For a DRAFT or PLANNED plan, what stands in the way of booking this service (as on cart lines: unitPrice is the accepted price, travelersCount the participants); a plan with any cannot become BOOKED. Empty for other statuses. */
  warnings: Array<CartLineWarning>;
};

export type PlannedServiceInput = {
  bookingDate?: InputMaybe<Scalars['Date']['input']>;
  quantity?: Scalars['Int']['input'];
  serviceId: Scalars['ID']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** The traveler's cart (empty when nothing was added). */
  cart: Cart;
  /** Ids of the traveler's plans deleted at or after `since` (at most 30 days back), so a device can drop them from its copy. */
  deletedJourneyPlanIds: Array<Scalars['ID']['output']>;
  /** One plan; null when unknown, malformed or another traveler's. */
  journeyPlan?: Maybe<JourneyPlan>;
  /** The traveler's plan changes after a cursor this query returned, oldest first; without one, every plan. Deletions since the cursor come with them. A device keeps the last cursor and asks again from it: nothing changed elsewhere is missed. */
  journeyPlanChanges: JourneyPlanChanges;
  /** The traveler's plans, newest first, optionally only some statuses. */
  journeyPlans: JourneyPlanConnection;
  /** The traveler the bearer token identifies. */
  me: Traveler;
  /** A service by id; null when unknown or malformed. */
  service?: Maybe<Service>;
  /** Services in a stable order, filtered by exact location fields and category. */
  services: ServiceConnection;
};


export type QueryDeletedJourneyPlanIdsArgs = {
  since: Scalars['DateTime']['input'];
};


export type QueryJourneyPlanArgs = {
  id: Scalars['ID']['input'];
};


export type QueryJourneyPlanChangesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
};


export type QueryJourneyPlansArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  status?: InputMaybe<Array<JourneyPlanStatus>>;
  updatedSince?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryServiceArgs = {
  id: Scalars['ID']['input'];
};


export type QueryServicesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  area?: InputMaybe<Scalars['String']['input']>;
  category?: InputMaybe<ServiceCategory>;
  country?: InputMaybe<Scalars['String']['input']>;
  district?: InputMaybe<Scalars['String']['input']>;
  first?: Scalars['Int']['input'];
  region?: InputMaybe<Scalars['String']['input']>;
};

/** A bookable travel service from the catalog. */
export type Service = {
  __typename?: 'Service';
  /** False when the service cannot be booked now. */
  active: Scalars['Boolean']['output'];
  category: ServiceCategory;
  description: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  location: Location;
  /** Most participants one booking may have. */
  maxParticipants: Scalars['Int']['output'];
  name: Scalars['String']['output'];
  /** Current catalog price per unit. */
  price: Money;
};

/** Kind of bookable service. */
export type ServiceCategory =
  | 'ACCOMMODATION'
  | 'ACTIVITY'
  | 'DINING'
  | 'GUIDE'
  | 'OTHER'
  | 'TOUR'
  | 'TRANSPORT';

/** A page of services. */
export type ServiceConnection = {
  __typename?: 'ServiceConnection';
  edges: Array<ServiceEdge>;
  pageInfo: PageInfo;
};

export type ServiceEdge = {
  __typename?: 'ServiceEdge';
  cursor: Scalars['String']['output'];
  node: Service;
};

/** The service is unknown, malformed or inactive. */
export type ServiceNotBookableError = Error & {
  __typename?: 'ServiceNotBookableError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
  serviceId: Scalars['ID']['output'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** The traveler's cart now, at once, then after every change (latest revision wins; a slow client skips revisions rather than queueing them). */
  cartChanged: Cart;
  /** Every plan change since `since` (from updatedAt and the deletion history), then live: one event per plan changed (several quick changes to one plan may come as one). */
  journeyPlansChanged: JourneyPlanChange;
};


export type SubscriptionJourneyPlansChangedArgs = {
  since?: InputMaybe<Scalars['DateTime']['input']>;
};

/** A traveler, identified by the token's subject. */
export type Traveler = {
  __typename?: 'Traveler';
  id: Scalars['ID']['output'];
};

/** The input is invalid; `issues` lists every invalid field. */
export type ValidationError = Error & {
  __typename?: 'ValidationError';
  /** Machine-readable error code. */
  code: ErrorCode;
  issues: Array<InputIssue>;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

/** The cart item changed since `expectedVersion`; `current` is it now. */
export type VersionConflictError = Error & {
  __typename?: 'VersionConflictError';
  /** Machine-readable error code. */
  code: ErrorCode;
  /** The line as it is now. */
  current: CartItem;
  /** Human-readable explanation. */
  message: Scalars['String']['output'];
};

export type CartGetQueryVariables = Exact<{ [key: string]: never; }>;


export type CartGetQuery = { __typename?: 'Query', cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } };

export type CartRevisionQueryVariables = Exact<{ [key: string]: never; }>;


export type CartRevisionQuery = { __typename?: 'Query', cart: { __typename?: 'Cart', revision: number } };

export type CartItemAddMutationVariables = Exact<{
  input: CartItemAddInput;
}>;


export type CartItemAddMutation = { __typename?: 'Mutation', cartItemAdd: { __typename: 'CartItemAddSuccess', cartItem: { __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'LimitExceededError', limit: number, code: ErrorCode, message: string } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type CartItemUpdateMutationVariables = Exact<{
  input: CartItemUpdateInput;
}>;


export type CartItemUpdateMutation = { __typename?: 'Mutation', cartItemUpdate: { __typename: 'CartItemUpdateSuccess', cartItem: { __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'NotFoundError', code: ErrorCode, message: string } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } | { __typename: 'VersionConflictError', code: ErrorCode, message: string, current: { __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null } } };

export type CartItemRemoveMutationVariables = Exact<{
  input: CartItemRemoveInput;
}>;


export type CartItemRemoveMutation = { __typename?: 'Mutation', cartItemRemove: { __typename: 'CartItemRemoveSuccess', removed: boolean, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type CartClearMutationVariables = Exact<{
  input?: InputMaybe<CartClearInput>;
}>;


export type CartClearMutation = { __typename?: 'Mutation', cartClear: { __typename: 'CartClearSuccess', removedCount: number, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'CartRevisionConflictError', code: ErrorCode, message: string, current: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type CartMergeMutationVariables = Exact<{
  input: CartMergeInput;
}>;


export type CartMergeMutation = { __typename?: 'Mutation', cartMerge: { __typename: 'CartMergeSuccess', merged: number, skipped: Array<{ __typename?: 'CartMergeSkip', index: number, error: { __typename: 'CartHasWarningsError', code: ErrorCode, message: string } | { __typename: 'CartRevisionConflictError', code: ErrorCode, message: string } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'InvalidTransitionError', from: JourneyPlanStatus, to: JourneyPlanStatus, allowed: Array<JourneyPlanStatus>, code: ErrorCode, message: string } | { __typename: 'JourneyPlanVersionConflictError', code: ErrorCode, message: string } | { __typename: 'LimitExceededError', limit: number, code: ErrorCode, message: string } | { __typename: 'NotFoundError', code: ErrorCode, message: string } | { __typename: 'PlanLockedError', status: JourneyPlanStatus, code: ErrorCode, message: string } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } | { __typename: 'VersionConflictError', code: ErrorCode, message: string } }>, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'LimitExceededError', limit: number, code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type CartCheckoutMutationVariables = Exact<{
  input: CartCheckoutInput;
}>;


export type CartCheckoutMutation = { __typename?: 'Mutation', cartCheckout: { __typename: 'CartCheckoutSuccess', journeyPlan: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> }, cart: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'CartHasWarningsError', code: ErrorCode, message: string } | { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type ServiceListQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ServiceListQuery = { __typename?: 'Query', services: { __typename?: 'ServiceConnection', edges: Array<{ __typename?: 'ServiceEdge', node: { __typename?: 'Service', id: string, name: string, category: ServiceCategory, price: { __typename?: 'Money', amount: string, currencyCode: string }, location: { __typename?: 'Location', country: string, region?: string | null } } }>, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null } } };

export type CartLineFieldsFragment = { __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null };

export type CartFieldsFragment = { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> };

export type PlanFieldsFragment = { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> };

type ErrorFields_CartHasWarningsError_Fragment = { __typename: 'CartHasWarningsError', code: ErrorCode, message: string };

type ErrorFields_CartRevisionConflictError_Fragment = { __typename: 'CartRevisionConflictError', code: ErrorCode, message: string };

type ErrorFields_IdempotencyKeyReusedError_Fragment = { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string };

type ErrorFields_InvalidTransitionError_Fragment = { __typename: 'InvalidTransitionError', from: JourneyPlanStatus, to: JourneyPlanStatus, allowed: Array<JourneyPlanStatus>, code: ErrorCode, message: string };

type ErrorFields_JourneyPlanVersionConflictError_Fragment = { __typename: 'JourneyPlanVersionConflictError', code: ErrorCode, message: string };

type ErrorFields_LimitExceededError_Fragment = { __typename: 'LimitExceededError', limit: number, code: ErrorCode, message: string };

type ErrorFields_NotFoundError_Fragment = { __typename: 'NotFoundError', code: ErrorCode, message: string };

type ErrorFields_PlanLockedError_Fragment = { __typename: 'PlanLockedError', status: JourneyPlanStatus, code: ErrorCode, message: string };

type ErrorFields_ServiceNotBookableError_Fragment = { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string };

type ErrorFields_ValidationError_Fragment = { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> };

type ErrorFields_VersionConflictError_Fragment = { __typename: 'VersionConflictError', code: ErrorCode, message: string };

export type ErrorFieldsFragment = ErrorFields_CartHasWarningsError_Fragment | ErrorFields_CartRevisionConflictError_Fragment | ErrorFields_IdempotencyKeyReusedError_Fragment | ErrorFields_InvalidTransitionError_Fragment | ErrorFields_JourneyPlanVersionConflictError_Fragment | ErrorFields_LimitExceededError_Fragment | ErrorFields_NotFoundError_Fragment | ErrorFields_PlanLockedError_Fragment | ErrorFields_ServiceNotBookableError_Fragment | ErrorFields_ValidationError_Fragment | ErrorFields_VersionConflictError_Fragment;

export type CartChangedSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type CartChangedSubscription = { __typename?: 'Subscription', cartChanged: { __typename?: 'Cart', id: string, revision: number, itemCount: number, totalQuantity: number, updatedAt?: string | null, subtotals: Array<{ __typename?: 'Money', amount: string, currencyCode: string }>, items: Array<{ __typename?: 'CartItem', id: string, serviceId: string, quantity: number, bookingDate: string, participants: number, specialRequests?: string | null, version: number, available: boolean, unitPrice?: { __typename?: 'Money', amount: string, currencyCode: string } | null, subtotal?: { __typename?: 'Money', amount: string, currencyCode: string } | null, warnings: Array<{ __typename?: 'CartLineWarning', code: CartLineWarningCode, message: string }>, service?: { __typename?: 'Service', id: string, name: string } | null }> } };

export type JourneyPlansChangedSubscriptionVariables = Exact<{
  since?: InputMaybe<Scalars['DateTime']['input']>;
}>;


export type JourneyPlansChangedSubscription = { __typename?: 'Subscription', journeyPlansChanged: { __typename?: 'JourneyPlanChange', deletedId?: string | null, at: string, plan?: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } | null } };

export type JourneyPlanCreateMutationVariables = Exact<{
  input: JourneyPlanCreateInput;
}>;


export type JourneyPlanCreateMutation = { __typename?: 'Mutation', journeyPlanCreate: { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'JourneyPlanCreateSuccess', journeyPlan: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type JourneyPlanUpdateMutationVariables = Exact<{
  input: JourneyPlanUpdateInput;
}>;


export type JourneyPlanUpdateMutation = { __typename?: 'Mutation', journeyPlanUpdate: { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'JourneyPlanUpdateSuccess', journeyPlan: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'JourneyPlanVersionConflictError', code: ErrorCode, message: string, current: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'NotFoundError', code: ErrorCode, message: string } | { __typename: 'PlanLockedError', status: JourneyPlanStatus, code: ErrorCode, message: string } | { __typename: 'ServiceNotBookableError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type JourneyPlanTransitionMutationVariables = Exact<{
  input: JourneyPlanTransitionInput;
}>;


export type JourneyPlanTransitionMutation = { __typename?: 'Mutation', journeyPlanTransition: { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'InvalidTransitionError', from: JourneyPlanStatus, to: JourneyPlanStatus, allowed: Array<JourneyPlanStatus>, code: ErrorCode, message: string } | { __typename: 'JourneyPlanTransitionSuccess', journeyPlan: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'JourneyPlanVersionConflictError', code: ErrorCode, message: string, current: { __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> } } | { __typename: 'NotFoundError', code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type JourneyPlanDeleteMutationVariables = Exact<{
  input: JourneyPlanDeleteInput;
}>;


export type JourneyPlanDeleteMutation = { __typename?: 'Mutation', journeyPlanDelete: { __typename: 'IdempotencyKeyReusedError', code: ErrorCode, message: string } | { __typename: 'JourneyPlanDeleteSuccess', deleted: boolean, deletedId?: string | null } | { __typename: 'PlanLockedError', status: JourneyPlanStatus, code: ErrorCode, message: string } | { __typename: 'ValidationError', code: ErrorCode, message: string, issues: Array<{ __typename?: 'InputIssue', field: Array<string>, message: string }> } };

export type JourneyPlanChangesQueryVariables = Exact<{
  first: Scalars['Int']['input'];
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type JourneyPlanChangesQuery = { __typename?: 'Query', journeyPlanChanges: { __typename?: 'JourneyPlanChanges', deletedIds: Array<string>, cursor: string, hasMore: boolean, plans: Array<{ __typename?: 'JourneyPlan', id: string, title?: string | null, country: string, region?: string | null, district?: string | null, area?: string | null, travelersCount: number, startDate?: string | null, endDate?: string | null, notes?: string | null, status: JourneyPlanStatus, allowedTransitions: Array<JourneyPlanStatus>, version: number, createdAt: string, updatedAt: string, totalCost: { __typename?: 'Money', amount: string, currencyCode: string }, services: Array<{ __typename?: 'PlannedService', serviceId: string, bookingDate?: string | null, quantity: number, unitPrice: { __typename?: 'Money', amount: string, currencyCode: string }, subtotal: { __typename?: 'Money', amount: string, currencyCode: string }, service?: { __typename?: 'Service', id: string, name: string } | null }> }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CartLineFieldsFragmentDoc = new TypedDocumentString(`
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
    `, {"fragmentName":"CartLineFields"}) as unknown as TypedDocumentString<CartLineFieldsFragment, unknown>;
export const CartFieldsFragmentDoc = new TypedDocumentString(`
    fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}`, {"fragmentName":"CartFields"}) as unknown as TypedDocumentString<CartFieldsFragment, unknown>;
export const PlanFieldsFragmentDoc = new TypedDocumentString(`
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}
    `, {"fragmentName":"PlanFields"}) as unknown as TypedDocumentString<PlanFieldsFragment, unknown>;
export const ErrorFieldsFragmentDoc = new TypedDocumentString(`
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}
    `, {"fragmentName":"ErrorFields"}) as unknown as TypedDocumentString<ErrorFieldsFragment, unknown>;
export const CartGetDocument = new TypedDocumentString(`
    query CartGet {
  cart {
    ...CartFields
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}`) as unknown as TypedDocumentString<CartGetQuery, CartGetQueryVariables>;
export const CartRevisionDocument = new TypedDocumentString(`
    query CartRevision {
  cart {
    revision
  }
}
    `) as unknown as TypedDocumentString<CartRevisionQuery, CartRevisionQueryVariables>;
export const CartItemAddDocument = new TypedDocumentString(`
    mutation CartItemAdd($input: CartItemAddInput!) {
  cartItemAdd(input: $input) {
    __typename
    ... on CartItemAddSuccess {
      cartItem {
        ...CartLineFields
      }
      cart {
        ...CartFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartItemAddMutation, CartItemAddMutationVariables>;
export const CartItemUpdateDocument = new TypedDocumentString(`
    mutation CartItemUpdate($input: CartItemUpdateInput!) {
  cartItemUpdate(input: $input) {
    __typename
    ... on CartItemUpdateSuccess {
      cartItem {
        ...CartLineFields
      }
      cart {
        ...CartFields
      }
    }
    ... on VersionConflictError {
      current {
        ...CartLineFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartItemUpdateMutation, CartItemUpdateMutationVariables>;
export const CartItemRemoveDocument = new TypedDocumentString(`
    mutation CartItemRemove($input: CartItemRemoveInput!) {
  cartItemRemove(input: $input) {
    __typename
    ... on CartItemRemoveSuccess {
      removed
      cart {
        ...CartFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartItemRemoveMutation, CartItemRemoveMutationVariables>;
export const CartClearDocument = new TypedDocumentString(`
    mutation CartClear($input: CartClearInput) {
  cartClear(input: $input) {
    __typename
    ... on CartClearSuccess {
      removedCount
      cart {
        ...CartFields
      }
    }
    ... on CartRevisionConflictError {
      current {
        ...CartFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartClearMutation, CartClearMutationVariables>;
export const CartMergeDocument = new TypedDocumentString(`
    mutation CartMerge($input: CartMergeInput!) {
  cartMerge(input: $input) {
    __typename
    ... on CartMergeSuccess {
      merged
      skipped {
        index
        error {
          ...ErrorFields
        }
      }
      cart {
        ...CartFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartMergeMutation, CartMergeMutationVariables>;
export const CartCheckoutDocument = new TypedDocumentString(`
    mutation CartCheckout($input: CartCheckoutInput!) {
  cartCheckout(input: $input) {
    __typename
    ... on CartCheckoutSuccess {
      journeyPlan {
        ...PlanFields
      }
      cart {
        ...CartFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}
fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<CartCheckoutMutation, CartCheckoutMutationVariables>;
export const ServiceListDocument = new TypedDocumentString(`
    query ServiceList($first: Int!, $after: String) {
  services(first: $first, after: $after) {
    edges {
      node {
        id
        name
        category
        price {
          amount
          currencyCode
        }
        location {
          country
          region
        }
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<ServiceListQuery, ServiceListQueryVariables>;
export const CartChangedDocument = new TypedDocumentString(`
    subscription CartChanged {
  cartChanged {
    ...CartFields
  }
}
    fragment CartLineFields on CartItem {
  id
  serviceId
  quantity
  bookingDate
  participants
  specialRequests
  version
  available
  unitPrice {
    amount
    currencyCode
  }
  subtotal {
    amount
    currencyCode
  }
  warnings {
    code
    message
  }
  service {
    id
    name
  }
}
fragment CartFields on Cart {
  id
  revision
  itemCount
  totalQuantity
  updatedAt
  subtotals {
    amount
    currencyCode
  }
  items {
    ...CartLineFields
  }
}`) as unknown as TypedDocumentString<CartChangedSubscription, CartChangedSubscriptionVariables>;
export const JourneyPlansChangedDocument = new TypedDocumentString(`
    subscription JourneyPlansChanged($since: DateTime) {
  journeyPlansChanged(since: $since) {
    plan {
      ...PlanFields
    }
    deletedId
    at
  }
}
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<JourneyPlansChangedSubscription, JourneyPlansChangedSubscriptionVariables>;
export const JourneyPlanCreateDocument = new TypedDocumentString(`
    mutation JourneyPlanCreate($input: JourneyPlanCreateInput!) {
  journeyPlanCreate(input: $input) {
    __typename
    ... on JourneyPlanCreateSuccess {
      journeyPlan {
        ...PlanFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<JourneyPlanCreateMutation, JourneyPlanCreateMutationVariables>;
export const JourneyPlanUpdateDocument = new TypedDocumentString(`
    mutation JourneyPlanUpdate($input: JourneyPlanUpdateInput!) {
  journeyPlanUpdate(input: $input) {
    __typename
    ... on JourneyPlanUpdateSuccess {
      journeyPlan {
        ...PlanFields
      }
    }
    ... on JourneyPlanVersionConflictError {
      current {
        ...PlanFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<JourneyPlanUpdateMutation, JourneyPlanUpdateMutationVariables>;
export const JourneyPlanTransitionDocument = new TypedDocumentString(`
    mutation JourneyPlanTransition($input: JourneyPlanTransitionInput!) {
  journeyPlanTransition(input: $input) {
    __typename
    ... on JourneyPlanTransitionSuccess {
      journeyPlan {
        ...PlanFields
      }
    }
    ... on JourneyPlanVersionConflictError {
      current {
        ...PlanFields
      }
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}
fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<JourneyPlanTransitionMutation, JourneyPlanTransitionMutationVariables>;
export const JourneyPlanDeleteDocument = new TypedDocumentString(`
    mutation JourneyPlanDelete($input: JourneyPlanDeleteInput!) {
  journeyPlanDelete(input: $input) {
    __typename
    ... on JourneyPlanDeleteSuccess {
      deleted
      deletedId
    }
    ... on Error {
      ...ErrorFields
    }
  }
}
    fragment ErrorFields on Error {
  __typename
  code
  message
  ... on ValidationError {
    issues {
      field
      message
    }
  }
  ... on LimitExceededError {
    limit
  }
  ... on PlanLockedError {
    status
  }
  ... on InvalidTransitionError {
    from
    to
    allowed
  }
}`) as unknown as TypedDocumentString<JourneyPlanDeleteMutation, JourneyPlanDeleteMutationVariables>;
export const JourneyPlanChangesDocument = new TypedDocumentString(`
    query JourneyPlanChanges($first: Int!, $after: String) {
  journeyPlanChanges(first: $first, after: $after) {
    plans {
      ...PlanFields
    }
    deletedIds
    cursor
    hasMore
  }
}
    fragment PlanFields on JourneyPlan {
  id
  title
  country
  region
  district
  area
  travelersCount
  startDate
  endDate
  notes
  status
  allowedTransitions
  version
  createdAt
  updatedAt
  totalCost {
    amount
    currencyCode
  }
  services {
    serviceId
    bookingDate
    quantity
    unitPrice {
      amount
      currencyCode
    }
    subtotal {
      amount
      currencyCode
    }
    service {
      id
      name
    }
  }
}`) as unknown as TypedDocumentString<JourneyPlanChangesQuery, JourneyPlanChangesQueryVariables>;