import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import { Problem } from '../../../core/http/problem.ts';
import { within, type Principal } from '../../access/index.ts';
import type { MotionOutcome, MotionsApi } from '../contracts.ts';
import { assertManage, assertParticipate, canManage } from '../projects/access.ts';
import { asAny, checkWindow, communityPlace, type PlaceLookup } from '../projects/places.ts';
import type { NomineeLookup, StairwellChoice, StairwellList } from './nominees.ts';
import { awardOutcome, awardRule, AwardRuleError, checkMethod, next, nomineeKindFor, publicLabel, type AwardKind, type AwardMethod, type CampaignStatus } from './rules.ts';
import type { AwardsTables } from './tables.ts';

export type CampaignRow = Selectable<AwardsTables['award_campaigns']>;
export type NominationRow = Selectable<AwardsTables['award_nominations']>;
type Db = Kysely<AwardsTables> | Transaction<AwardsTables>;
type Tx = Transaction<AwardsTables>;

export interface NewCampaign {
  communityCode: string;
  kind: AwardKind;
  year: number;
  title: string;
  method?: AwardMethod;
  winners?: number;
}

export interface NewNomination {
  /** A household code (最美家庭, 最美庭院) or `buildingCode/stairwell` (最美楼道). */
  nomineeCode: string;
  reason: string;
  /** A name the family agreed to have published (e.g. 陈家); staff only. */
  agreedName?: string;
}

function rule<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof AwardRuleError) throw new Problem(error.code === 'awardWrongStatus' ? 409 : 422, `awards.${error.code}`, error.params);
    throw error;
  }
}

/** 最美家庭、最美楼道、最美庭院: nominations, a vote of the community's households, winners published. */
export class AwardsService {
  constructor(
    readonly db: Kysely<AwardsTables>,
    private readonly deps: { motions: MotionsApi; places: PlaceLookup; nominees: NomineeLookup; stairwells: StairwellList },
  ) {}

  async campaign(id: string, db: Db = this.db): Promise<CampaignRow> {
    const row = await db.selectFrom('award_campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new Problem(404, 'awards.campaignNotFound');
    return row;
  }

  private async lock(trx: Tx, id: string): Promise<CampaignRow> {
    const row = await trx.selectFrom('award_campaigns').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw new Problem(404, 'awards.campaignNotFound');
    return row;
  }

  nominations(campaignId: string, db: Db = this.db) {
    return db.selectFrom('award_nominations').selectAll().where('campaign_id', '=', campaignId).orderBy('created_at').execute();
  }

  list(prefixes: string[], filter: { communityCode?: string; publishedOnly?: boolean }) {
    if (prefixes.length === 0) return Promise.resolve([]);
    let q = this.db.selectFrom('award_campaigns').selectAll().where((eb) => eb.or(prefixes.map((p) => eb('community_path', 'like', `${p}%`))));
    if (filter.communityCode) q = q.where('community_code', '=', filter.communityCode);
    if (filter.publishedOnly) q = q.where('status', '=', 'published');
    return q.orderBy('year', 'desc').orderBy('created_at', 'desc').limit(200).execute();
  }

  async create(principal: Principal, input: NewCampaign): Promise<CampaignRow> {
    const place = await communityPlace(this.deps.places, input.communityCode);
    assertManage(principal, place.path);
    const method = input.method ?? 'score';
    const winners = input.winners ?? (method === 'score' ? 3 : 1);
    rule(() => checkMethod(method, winners));
    const id = randomUUID();
    await this.db.insertInto('award_campaigns').values({
      id, community_code: place.code, community_path: place.path, kind: input.kind, year: input.year, title: input.title.trim(),
      method, winners, status: 'nominating', motion_id: null, result: null, created_by: principal.accountId,
    }).execute();
    return this.campaign(id);
  }

  /** What a nominator picks from: the community's stairwells by their public label (a household adds its room). */
  async stairwells(principal: Principal, campaignId: string): Promise<StairwellChoice[]> {
    const campaign = await this.campaign(campaignId);
    assertParticipate(principal, campaign.community_path);
    return this.deps.stairwells(campaign.community_path);
  }

  /** Residents nominate in their own community; staff nominations are accepted at once. */
  async nominate(principal: Principal, campaignId: string, input: NewNomination): Promise<NominationRow> {
    const campaign = await this.campaign(campaignId);
    assertParticipate(principal, campaign.community_path);
    rule(() => next(campaign.status as CampaignStatus, 'nominate'));
    const staff = canManage(principal, campaign.community_path);
    if (input.agreedName && !staff) throw new Problem(403, 'awards.agreedNameStaffOnly');
    const kind = nomineeKindFor(campaign.kind);
    const nominee = await this.deps.nominees(kind, input.nomineeCode);
    if (!nominee || !within(nominee.path, campaign.community_path)) throw new Problem(422, 'awards.nomineeUnknown', { code: input.nomineeCode });
    return this.db.transaction().execute(async (trx) => {
      await this.lock(trx, campaignId);
      const taken = await trx.selectFrom('award_nominations').select('id').where('campaign_id', '=', campaignId).where('nominee_code', '=', nominee.code).executeTakeFirst();
      if (taken) throw new Problem(409, 'awards.alreadyNominated');
      const id = randomUUID();
      await trx.insertInto('award_nominations').values({
        id, campaign_id: campaignId, nominee_kind: kind, nominee_code: nominee.code, label: publicLabel(nominee.place, input.agreedName?.trim()),
        reason: input.reason.trim(), nominated_by: principal.accountId, by_staff: staff, status: staff ? 'accepted' : 'nominated',
      }).execute();
      return trx.selectFrom('award_nominations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  }

  async review(principal: Principal, nominationId: string, input: { accept: boolean; agreedName?: string }): Promise<NominationRow> {
    return this.db.transaction().execute(async (trx) => {
      const nomination = await trx.selectFrom('award_nominations').selectAll().where('id', '=', nominationId).executeTakeFirst();
      if (!nomination) throw new Problem(404, 'awards.nominationNotFound');
      const campaign = await this.lock(trx, nomination.campaign_id);
      assertManage(principal, campaign.community_path);
      rule(() => next(campaign.status as CampaignStatus, 'review'));
      const label = input.agreedName ? `${input.agreedName.trim()}（${nomination.label.replace(/^.*（(.*)）$/, '$1')}）` : nomination.label;
      await trx.updateTable('award_nominations').set({ status: input.accept ? 'accepted' : 'declined', label }).where('id', '=', nominationId).execute();
      return trx.selectFrom('award_nominations').selectAll().where('id', '=', nominationId).executeTakeFirstOrThrow();
    });
  }

  /** One vote per household of the community, over the accepted nominations. */
  async openVote(principal: Principal, campaignId: string, window: { opensAt: string; closesAt: string }): Promise<CampaignRow> {
    checkWindow(window.opensAt, window.closesAt);
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.lock(trx, campaignId);
      assertManage(principal, campaign.community_path);
      const status = rule(() => next(campaign.status as CampaignStatus, 'openVote'));
      const accepted = (await this.nominations(campaignId, trx)).filter((n) => n.status === 'accepted');
      const motionRule = rule(() => awardRule(campaign.method, campaign.winners, accepted.map((n) => ({ id: n.id, title: n.label }))));
      const { id: motionId } = await this.deps.motions.createMotion({
        title: campaign.title, rule: motionRule, electorate: { kind: 'households', scopeCode: campaign.community_code },
        scopeCode: campaign.community_code, subject: { kind: 'award', id: campaign.id }, opensAt: window.opensAt, closesAt: window.closesAt,
      }, principal.accountId, asAny(trx));
      await this.deps.motions.announce(motionId, principal.accountId, asAny(trx));
      await trx.updateTable('award_campaigns').set({ status, motion_id: motionId }).where('id', '=', campaignId).execute();
      return this.campaign(campaignId, trx);
    });
  }

  async closeVote(principal: Principal, campaignId: string): Promise<CampaignRow> {
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.lock(trx, campaignId);
      assertManage(principal, campaign.community_path);
      if (campaign.status !== 'voting' || !campaign.motion_id) throw new Problem(409, 'awards.awardWrongStatus', { action: 'closeVote', status: campaign.status });
      await this.deps.motions.close(campaign.motion_id, principal.accountId, asAny(trx));
      return this.campaign(campaignId, trx);
    });
  }

  /** Heard in the closing transaction: winners published, or a tie left for the managers. */
  async onOutcome(outcome: MotionOutcome, trx: Tx): Promise<void> {
    if (!outcome.subject) return;
    const campaign = await this.lock(trx, outcome.subject.id);
    if (campaign.status !== 'voting' || campaign.motion_id !== outcome.motionId) return;
    const counted = awardOutcome(outcome.result);
    const status = next(campaign.status as CampaignStatus, 'counted', counted.status);
    await trx.updateTable('award_campaigns').set({ status, result: JSON.stringify({ ...counted, tally: outcome.result }) }).where('id', '=', campaign.id).execute();
    if (status === 'published') await this.markWinners(trx, campaign.id, counted.winners);
  }

  async resolveTie(principal: Principal, campaignId: string, input: { picked: string[]; note: string }): Promise<CampaignRow> {
    return this.db.transaction().execute(async (trx) => {
      const campaign = await this.lock(trx, campaignId);
      assertManage(principal, campaign.community_path);
      const status = rule(() => next(campaign.status as CampaignStatus, 'resolveTie'));
      const result = campaign.result as { winners: string[]; tied: string[] };
      const open = campaign.winners - result.winners.length;
      if (input.picked.length !== open || input.picked.some((p) => !result.tied.includes(p)) || new Set(input.picked).size !== input.picked.length) {
        throw new Problem(422, 'awards.tiePick', { awards: open });
      }
      const winners = [...result.winners, ...input.picked];
      await trx.updateTable('award_campaigns').set({ status, result: JSON.stringify({ ...result, winners, tieNote: input.note }) }).where('id', '=', campaignId).execute();
      await this.markWinners(trx, campaignId, winners);
      return this.campaign(campaignId, trx);
    });
  }

  private async markWinners(trx: Tx, campaignId: string, winners: string[]): Promise<void> {
    await trx.updateTable('award_nominations').set({ status: 'notChosen' }).where('campaign_id', '=', campaignId).where('status', '=', 'accepted').execute();
    if (winners.length) await trx.updateTable('award_nominations').set({ status: 'winner' }).where('campaign_id', '=', campaignId).where('id', 'in', winners).execute();
  }
}
