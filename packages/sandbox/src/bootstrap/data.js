// biome-ignore-all lint/correctness/noUnusedVariables: the bootstrap files share one function scope.
// sys.data: records, queries, result sets, aggregates and locks, each one op (or a few) away.

const dataApi = namespace({
  __proto__: null,
  findById(entityName, id) {
    entitySchema('sys.data.findById', entityName);
    // An entity name is an identifier: only the id needs JSON quoting.
    const args = `["${entityName}",${$JSON_stringify(checkId('sys.data.findById', id))}]`;
    return recordOrNull(callJson('data.findById', args), entityName);
  },
  findByIdAndLock(entityName, id) {
    entitySchema('sys.data.findByIdAndLock', entityName);
    return lockOrNull('data.lock', [entityName, checkId('sys.data.findByIdAndLock', id), null]);
  },
  find(...args) {
    const { entity, map } = queryArgs('sys.data.find', args);
    return new ResultSet(
      CONSTRUCT,
      () => call('data.find', [entity, map, PAGE_SIZE]),
      () => call('data.count', [entity, map]),
      (row) => recordFromWire(row, entity),
    );
  },
  findOne(...args) {
    const { entity, map } = queryArgs('sys.data.findOne', args, true);
    return recordOrNull(call('data.findOne', [entity, map]), entity);
  },
  findOneAndLock(...args) {
    const found = $apply(dataApi.findOne, undefined, args);
    return found === null ? null : lockOrNull('data.lock', [found.entityName(), found.id(), null]);
  },
  count(...args) {
    const { entity, map } = queryArgs('sys.data.count', args);
    return call('data.count', [entity, map]);
  },
  aggregate(entityOrQuery, pipeline) {
    let parts;
    if (isAggregateQuery(entityOrQuery)) parts = aggregateParts(entityOrQuery);
    else {
      entitySchema('sys.data.aggregate', entityOrQuery);
      const p = toPlain(pipeline, 'sys.data.aggregate: pipeline');
      if (!$isArray(p))
        throw badRequest(`sys.data.aggregate: pipeline must be an array, got ${describe(pipeline)}`);
      parts = { entity: entityOrQuery, pipeline: p };
    }
    return new ResultSet(
      CONSTRUCT,
      () => call('data.aggregate', [parts.entity, parts.pipeline, PAGE_SIZE]),
      null,
      (row) => row,
    );
  },
  refresh(record) {
    const id = savedId('sys.data.refresh', record);
    return recordOrNull(call('data.refresh', [record.entityName(), id]), record.entityName());
  },
  /** Inserts or updates; the passed record is updated in place (id, version, label, defaults). */
  save(record, options) {
    checkRecord('sys.data.save', record);
    const opts = optionsArg('sys.data.save', options);
    const args = `[${wireJson(record)},${encode(opts)}]`;
    if (deferSave(record, args)) return opts !== null && opts.mode === 'lite' ? null : record;
    const saved = callJson('data.save', args);
    if (saved === null) return null;
    assignWire(record, saved);
    return record;
  },
  createRecord(entityName) {
    const entity = entityName === undefined || entityName === null ? contextEntity : entityName;
    if (entity === null) {
      throw badRequest('sys.data.createRecord: entityName is required, this run has no context entity');
    }
    entitySchema('sys.data.createRecord', entity);
    return newRecord({ entity, id: null, version: 0, label: null, fields: {} });
  },
  remove(record) {
    const id = savedId('sys.data.remove', record);
    return recordFromWire(call('data.remove', [record.entityName(), id]));
  },
  delete(...args) {
    const { entity, map, rest } = queryArgs('sys.data.delete', args);
    return call('data.delete', [entity, map, optionsArg('sys.data.delete', rest[0])]);
  },
  /**
   * Imports CSV (a header row of field names) or JSON Lines text into `entityName`, in the run's
   * transaction. Slingr passes an uploaded file's id; Warden takes the file's text. Options:
   * `format` ('csv' default, or 'jsonl'), `skipRecordsWithInvalidFields` (default true: bad rows
   * are skipped and reported with their line; false: any bad row fails the call and imports
   * nothing), `triggerEvents`. Answers `{imported, skipped, errors: [{line, message}]}`.
   */
  importRecords(entityName, text, options) {
    entitySchema('sys.data.importRecords', entityName);
    if (typeof text !== 'string')
      throw badRequest(`sys.data.importRecords: the file's text must be a string, got ${describe(text)}`);
    return call('data.importRecords', [entityName, text, optionsArg('sys.data.importRecords', options)]);
  },
  executeAction: actionsApi.executeAction,
  executeGlobalAction: actionsApi.executeGlobalAction,
  createQuery: (entityName) => new Query(entityName),
  createAggregateQuery: (entityName) => new AggregateQuery(entityName),
  lock(record, timeout) {
    const id = savedId('sys.data.lock', record);
    return recordFromWire(
      call('data.lock', [record.entityName(), id, checkTimeout('sys.data.lock', timeout)]),
    );
  },
  tryLock(record, timeout) {
    const id = savedId('sys.data.tryLock', record);
    return recordOrNull(
      call('data.tryLock', [record.entityName(), id, checkTimeout('sys.data.tryLock', timeout)]),
    );
  },
  unlock(record) {
    const id = savedId('sys.data.unlock', record);
    call('data.unlock', [record.entityName(), id]);
  },
  lockById(entityName, id, timeout) {
    entitySchema('sys.data.lockById', entityName);
    const args = [entityName, checkId('sys.data.lockById', id), checkTimeout('sys.data.lockById', timeout)];
    return recordFromWire(call('data.lock', args));
  },
  tryLockById(entityName, id, timeout) {
    entitySchema('sys.data.tryLockById', entityName);
    const args = [
      entityName,
      checkId('sys.data.tryLockById', id),
      checkTimeout('sys.data.tryLockById', timeout),
    ];
    return recordOrNull(call('data.tryLock', args));
  },
  unlockById(entityName, id) {
    entitySchema('sys.data.unlockById', entityName);
    call('data.unlock', [entityName, checkId('sys.data.unlockById', id)]);
  },
  Record,
  Wrapper,
  ManyWrapper,
  Query,
  QueryField,
  AggregateQuery,
});

/** Locks and returns the record; a missing record gives null instead of notFound. */
function lockOrNull(op, args) {
  try {
    return recordFromWire(call(op, args));
  } catch (e) {
    if (isScriptException(e) && e.code() === 'notFound') return null;
    throw e;
  }
}
