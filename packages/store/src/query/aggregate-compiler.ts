import { type AppSchema, badRequest, isWardenError, type WardenError } from '@warden/sys-api';
import { groupStage } from './aggregate-group.js';
import { lookupStage } from './aggregate-lookup.js';
import { projectStage } from './aggregate-project.js';
import { type Shape, StageProblem } from './aggregate-shape.js';
import {
  countStage,
  limitStage,
  matchStage,
  type StageContext,
  type StageResult,
  skipStage,
  sortStage,
  unwindStage,
} from './aggregate-stages.js';
import { entityScope } from './parse-query.js';
import { isPlainObject } from './query-error.js';
import { parseFilterMap } from './query-map-parser.js';
import { join, quoteIdent, raw, type Sql, sql } from './sql.js';
import { compileCond } from './sql-compiler.js';

const STAGES: Record<string, (arg: unknown, ctx: StageContext) => StageResult> = {
  match: matchStage,
  group: groupStage,
  sort: sortStage,
  project: projectStage,
  count: countStage,
  skip: skipStage,
  limit: limitStage,
  unwind: unwindStage,
  lookup: lookupStage,
};

function stageError(entity: string, index: number, name: string, e: unknown): WardenError {
  if (!(e instanceof StageProblem) && !isWardenError(e)) throw e;
  const problem = e.message.replace(/^query on '[^']*': /, '');
  return badRequest(`aggregate on '${entity}': stage ${index} (${name}): ${problem}`, {
    entity,
    stage: index,
  });
}

/** The single key of a stage object, checked. */
function stageName(entity: string, stage: unknown, index: number): string {
  const keys = isPlainObject(stage) ? Object.keys(stage) : [];
  const name = keys[0];
  if (keys.length !== 1 || name === undefined || !Object.hasOwn(STAGES, name)) {
    throw badRequest(
      `aggregate on '${entity}': stage ${index} must be an object with one key among ${Object.keys(STAGES).join(', ')}`,
      { entity, stage: index },
    );
  }
  return name;
}

/**
 * Compiles an aggregate pipeline into one SQL statement: a chain of CTEs, each with the columns
 * `doc` (JSON text of the document) and `rn` (its order). A leading match filters the record table
 * directly so it can use indexes. Result rows have one column, `doc`.
 */
export function compileAggregate(
  app: AppSchema,
  entity: string,
  pipeline: unknown[],
  tableOf: (entity: string) => string,
): Sql {
  const schema = Object.hasOwn(app.entities, entity) ? app.entities[entity] : undefined;
  if (!schema) throw badRequest(`aggregate: unknown entity ${JSON.stringify(entity)}`, { entity });
  if (!Array.isArray(pipeline))
    throw badRequest(`aggregate on '${entity}': pipeline must be an array`, { entity });
  const names = pipeline.map((stage, i) => stageName(entity, stage, i));

  let start = 0;
  let where: Sql = raw('');
  if (names[0] === 'match') {
    try {
      const arg = (pipeline[0] as Record<string, unknown>).match;
      if (!isPlainObject(arg)) throw new StageProblem('expects a query map object');
      where = sql` WHERE ${compileCond(parseFilterMap(entityScope(schema, app), arg), { root: raw('data') })}`;
    } catch (e) {
      throw stageError(entity, 0, 'match', e);
    }
    start = 1;
  }
  const ctes: Sql[] = [
    sql`s0 AS (SELECT json_set(data, '$.id', id) AS doc, row_number() OVER (ORDER BY id DESC) AS rn FROM ${quoteIdent(tableOf(entity))}${where})`,
  ];
  let shape: Shape = { ...schema.fields, id: { name: 'id', type: 'text', multiple: false, required: true } };
  for (let i = start; i < pipeline.length; i++) {
    const name = names[i] as string;
    const ctx: StageContext = { app, entity, tableOf, prev: `s${ctes.length - 1}`, shape };
    let result: StageResult;
    try {
      result = (STAGES[name] as (typeof STAGES)[string])((pipeline[i] as Record<string, unknown>)[name], ctx);
    } catch (e) {
      throw stageError(entity, i, name, e);
    }
    ctes.push(sql`${raw(`s${ctes.length}`)} AS (${result.body})`);
    shape = result.shape;
  }
  return sql`WITH ${join(ctes, ', ')} SELECT doc FROM ${raw(`s${ctes.length - 1}`)} ORDER BY rn`;
}
