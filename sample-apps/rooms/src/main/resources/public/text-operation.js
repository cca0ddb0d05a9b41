// Text operations for the shared document: the browser half of io.cairn.samples.rooms.TextOperation.
//
// An operation walks the whole text: a positive number keeps that many characters, a string
// inserts it, a negative number deletes that many. Indices are UTF-16 code units, as in Java.
// transform() must match the server's exactly (same tie-break: the first argument's insert goes
// first), or clients and server would merge concurrent edits differently.
(function (exports) {
  'use strict';

  const isRetain = (c) => typeof c === 'number' && c > 0;
  const isDelete = (c) => typeof c === 'number' && c < 0;
  const isInsert = (c) => typeof c === 'string';

  // Builds the canonical form: runs merged, nothing empty, an insert always before an adjacent delete.
  function builder() {
    const ops = [];
    const last = () => ops[ops.length - 1];
    return {
      ops,
      retain(n) {
        if (n <= 0) return this;
        if (isRetain(last())) ops[ops.length - 1] += n; else ops.push(n);
        return this;
      },
      insert(s) {
        if (s === '') return this;
        if (isInsert(last())) {
          ops[ops.length - 1] += s;
        } else if (isDelete(last())) {
          const del = ops.pop();
          if (isInsert(last())) ops[ops.length - 1] += s; else ops.push(s);
          ops.push(del);
        } else {
          ops.push(s);
        }
        return this;
      },
      delete(n) {
        if (n <= 0) return this;
        if (isDelete(last())) ops[ops.length - 1] -= n; else ops.push(-n);
        return this;
      },
    };
  }

  function baseLength(ops) {
    return ops.reduce((sum, c) => (isInsert(c) ? sum : sum + Math.abs(c)), 0);
  }

  function targetLength(ops) {
    return ops.reduce((sum, c) => sum + (isInsert(c) ? c.length : isRetain(c) ? c : 0), 0);
  }

  function apply(ops, text) {
    if (text.length !== baseLength(ops)) {
      throw new Error(`operation expects a text of ${baseLength(ops)} characters, got ${text.length}`);
    }
    let out = '';
    let pos = 0;
    for (const c of ops) {
      if (isRetain(c)) { out += text.slice(pos, pos + c); pos += c; }
      else if (isInsert(c)) out += c;
      else pos -= c;
    }
    return out;
  }

  // Walks the components of an operation, able to take part of a retain or delete.
  function cursor(ops) {
    let index = 0;
    let used = 0;
    return {
      peek: () => ops[index],
      next() { index++; used = 0; },
      remaining: () => Math.abs(ops[index]) - used,
      consume(n) { if (n === Math.abs(ops[index]) - used) { index++; used = 0; } else used += n; },
    };
  }

  // [a', b'] such that apply(b', apply(a, s)) === apply(a', apply(b, s)).
  function transform(a, b) {
    if (baseLength(a) !== baseLength(b)) throw new Error('concurrent operations must start from the same text');
    const aPrime = builder();
    const bPrime = builder();
    const ca = cursor(a);
    const cb = cursor(b);
    while (ca.peek() !== undefined || cb.peek() !== undefined) {
      if (isInsert(ca.peek())) {
        aPrime.insert(ca.peek()); bPrime.retain(ca.peek().length); ca.next();
      } else if (isInsert(cb.peek())) {
        aPrime.retain(cb.peek().length); bPrime.insert(cb.peek()); cb.next();
      } else {
        const n = Math.min(ca.remaining(), cb.remaining());
        const aDeletes = isDelete(ca.peek());
        const bDeletes = isDelete(cb.peek());
        if (!aDeletes && !bDeletes) { aPrime.retain(n); bPrime.retain(n); }
        else if (aDeletes && !bDeletes) aPrime.delete(n);
        else if (!aDeletes) bPrime.delete(n);
        ca.consume(n);
        cb.consume(n);
      }
    }
    return [aPrime.ops, bPrime.ops];
  }

  // One operation with the effect of a then b: lets the page send its queued keystrokes as one edit.
  function compose(a, b) {
    if (targetLength(a) !== baseLength(b)) throw new Error('the second operation must start where the first ends');
    const out = builder();
    const ca = cursor(a);
    const cb = cursor(b);
    // Part of an insert of a that b has not walked over yet.
    let pendingInsert = null;
    const takeInsert = (n) => {
      const s = pendingInsert.slice(0, n);
      pendingInsert = pendingInsert.slice(n) || null;
      if (pendingInsert === null) ca.next();
      return s;
    };
    for (;;) {
      if (pendingInsert === null && isInsert(ca.peek())) pendingInsert = ca.peek();
      const opA = pendingInsert !== null ? pendingInsert : ca.peek();
      const opB = cb.peek();
      if (opA === undefined && opB === undefined) break;
      if (isDelete(opA)) { out.delete(ca.remaining()); ca.next(); continue; }
      if (isInsert(opB)) { out.insert(opB); cb.next(); continue; }
      if (isInsert(opA)) {
        const n = Math.min(opA.length, cb.remaining());
        const s = takeInsert(n);
        if (isRetain(opB)) out.insert(s); // kept by b; a deleted-by-b insert just vanishes
        cb.consume(n);
      } else {
        const n = Math.min(ca.remaining(), cb.remaining());
        if (isRetain(opB)) out.retain(n); else out.delete(n);
        ca.consume(n);
        cb.consume(n);
      }
    }
    return out.ops;
  }

  // The operation turning oldText into newText: one changed span between the common prefix and
  // suffix, as a textarea produces. Never splits a surrogate pair.
  function diff(oldText, newText) {
    let prefix = 0;
    const maxPrefix = Math.min(oldText.length, newText.length);
    while (prefix < maxPrefix && oldText[prefix] === newText[prefix]) prefix++;
    if (prefix > 0 && isHighSurrogate(oldText.charCodeAt(prefix - 1))) prefix--;
    let suffix = 0;
    const maxSuffix = maxPrefix - prefix;
    while (suffix < maxSuffix
        && oldText[oldText.length - 1 - suffix] === newText[newText.length - 1 - suffix]) suffix++;
    if (suffix > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - suffix))) suffix--;
    return builder()
      .retain(prefix)
      .delete(oldText.length - prefix - suffix)
      .insert(newText.slice(prefix, newText.length - suffix))
      .retain(suffix).ops;
  }

  const isHighSurrogate = (code) => code >= 0xd800 && code <= 0xdbff;
  const isLowSurrogate = (code) => code >= 0xdc00 && code <= 0xdfff;

  // Where a caret at index ends up after ops: text inserted before it pushes it right, text
  // deleted before it pulls it left; text inserted exactly at the caret goes after it.
  function transformIndex(ops, index) {
    let pos = 0;
    let result = index;
    for (const c of ops) {
      if (pos >= index) break;
      if (isInsert(c)) result += c.length;
      else if (isRetain(c)) pos += c;
      else { result -= Math.min(-c, index - pos); pos -= c; }
    }
    return result;
  }

  exports.TextOperation = { builder, apply, transform, compose, diff, transformIndex, baseLength, targetLength };
})(typeof module !== 'undefined' ? module.exports : window);
