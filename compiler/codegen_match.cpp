// compiler/codegen_match.cpp: `match` statements, as CPython 3.11's compile.c compiles
// them (compiler_match and the compiler_pattern_* family), over the opcodes GET_LEN,
// MATCH_SEQUENCE, MATCH_MAPPING, MATCH_KEYS and MATCH_CLASS (vm/pattern_match.h).
//
// Each pattern consumes the subject on top of the stack. On success it leaves nothing
// behind; on failure it jumps to fail_pop[n], where n is the number of values the
// pattern still has on the stack above its subject's place (PatternContext::on_top):
// fail_pop[n] pops one value and falls into fail_pop[n - 1], and fail_pop[0] is where
// the next case (or OR alternative) begins.
//
// One deliberate difference from CPython: a capture is stored into its name as soon as
// its sub-pattern matches, not all at once when the whole pattern has matched, so a case
// that fails half-way may leave some of its names bound (the language reference allows
// either). CPython's compile-time errors (unreachable patterns, names bound twice or
// differently by OR alternatives, duplicate keys, repeated attributes) are all here.
#include <algorithm>

#include "compiler/codegen.h"
#include "runtime/runtime.h"

namespace gilpy::compiler::cg {

using vm::Op;

struct Codegen::PatternContext {
  std::vector<std::string> stores;  // the names this pattern has captured so far
  bool allow_irrefutable = false;   // may an irrefutable pattern appear here?
  std::vector<int> fail_pop;        // labels, see the file comment
  size_t on_top = 0;
};

namespace {

// `_`: matches anything, binds nothing.
bool is_wildcard(const Pattern& p) {
  return p.is<MatchAs>() && !p.as<MatchAs>()->pattern && p.as<MatchAs>()->name.empty();
}
// `*_` inside a sequence pattern.
bool is_star_wildcard(const Pattern& p) { return p.is<MatchStar>() && p.as<MatchStar>()->name.empty(); }

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

// `1+2j` / `-1.5-2j` in a pattern (the parser accepts nothing else as a BinOp there):
// one complex constant, as CPython's AST optimizer folds it.
bool Codegen::load_complex_literal(const Expr& e) {
  if (!e.is<BinOp>()) return false;
  const BinOp& sum = *e.as<BinOp>();
  std::string real_key;
  rt::Ref real;
  if (!fold_const(*sum.left, &real_key, &real) || !sum.right->is<Constant>()) return false;
  double re;
  if (rt::is_float(real.get())) {
    re = rt::float_value(real.get());
  } else {
    bool overflow = false;
    re = rt::int_to_double(real.get(), &overflow);
    if (overflow) error(e.loc, "int too large to convert to float");
  }
  double im = sum.right->as<Constant>()->f;
  std::string key;
  rt::Ref value;
  complex_const(re, sum.op == BinOpKind::Sub ? -im : im, &key, &value);
  load_const_index(add_const(std::move(value), key));
  return true;
}

void Codegen::visit_match(const Match& s) {
  visit_expr(*s.subject);
  int end = new_label();
  size_t cases = s.cases.size();
  // A trailing `case _:` needs no copy of the subject and no test.
  bool has_default = cases > 1 && is_wildcard(*s.cases.back().pattern);
  for (size_t i = 0; i < cases - has_default; ++i) {
    const MatchCase& m = s.cases[i];
    bool last_tested = i == cases - has_default - 1;
    set_loc(m.pattern->loc);
    if (!last_tested) emit(Op::COPY, 1);  // the pattern consumes the copy
    PatternContext pc;
    // Irrefutable cases must be either guarded, last, or both.
    pc.allow_irrefutable = m.guard || i == cases - 1;
    compile_pattern(*m.pattern, pc);
    if (m.guard) {
      if (pc.fail_pop.empty()) pc.fail_pop.push_back(new_label());
      jump_if(*m.guard, pc.fail_pop[0], false);
    }
    if (!last_tested) emit(Op::POP_TOP);  // matched: done with the subject
    visit_body(m.body);
    emit_jump_noline(kJump, end);
    // The clean-up after a failed pattern belongs to the pattern's line, not the body's.
    set_loc(m.pattern->loc);
    emit_and_reset_fail_pop(pc);
  }
  if (has_default) {
    const MatchCase& m = s.cases.back();
    set_loc(m.pattern->loc);
    emit(Op::NOP);  // the line event of the default case
    if (m.guard) jump_if(*m.guard, end, false);
    visit_body(m.body);
  }
  use_label(end);
}

void Codegen::jump_to_fail_pop(PatternContext& pc, int op) {
  while (pc.fail_pop.size() <= pc.on_top) pc.fail_pop.push_back(new_label());
  emit_jump(op, pc.fail_pop[pc.on_top]);
}

void Codegen::emit_and_reset_fail_pop(PatternContext& pc) {
  if (pc.fail_pop.empty()) return;
  for (size_t n = pc.fail_pop.size() - 1; n > 0; --n) {
    use_label(pc.fail_pop[n]);
    emit(Op::POP_TOP);
  }
  use_label(pc.fail_pop[0]);
  pc.fail_pop.clear();
}

void Codegen::pattern_store_name(const std::string& name, const Location& loc, PatternContext& pc) {
  if (name.empty()) {
    emit(Op::POP_TOP);
    return;
  }
  if (contains(pc.stores, name)) error(loc, "multiple assignments to name '" + name + "' in pattern");
  pc.stores.push_back(name);
  nameop(name, ExprContext::Store);
}

// A pattern inside another: irrefutable patterns are always allowed there.
void Codegen::compile_subpattern(const Pattern& p, PatternContext& pc) {
  bool allow_irrefutable = pc.allow_irrefutable;
  pc.allow_irrefutable = true;
  compile_pattern(p, pc);
  pc.allow_irrefutable = allow_irrefutable;
}

void Codegen::compile_pattern(const Pattern& p, PatternContext& pc) {
  NestingGuard nested(nesting_, kMaxCompilerNesting, CompileError::too_deep_for_compiler);
  set_loc(p.loc);
  pattern_loc_ = p.loc;
  switch (p.kind) {
    case PatternKind::MatchValue: {
      const Expr& value = *p.as<MatchValue>()->value;
      if (value.is<Attribute>()) visit_expr(value);
      else if (!try_load_folded(value) && !load_complex_literal(value))
        error(p.loc, "patterns may only match literals and attribute lookups");
      add_compare(CmpOpKind::Eq);
      jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
      return;
    }
    case PatternKind::MatchSingleton: {
      ConstKind v = p.as<MatchSingleton>()->value;
      if (v == ConstKind::None) load_none();
      else load_const_index(add_const(rt::Ref::boolean(v == ConstKind::True), v == ConstKind::True ? "T" : "F"));
      emit(Op::IS_OP, 0);
      jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
      return;
    }
    case PatternKind::MatchSequence: pattern_sequence(*p.as<MatchSequence>(), pc); return;
    case PatternKind::MatchMapping: pattern_mapping(*p.as<MatchMapping>(), pc); return;
    case PatternKind::MatchClass: pattern_class(*p.as<MatchClass>(), pc); return;
    case PatternKind::MatchStar: pattern_store_name(p.as<MatchStar>()->name, p.loc, pc); return;
    case PatternKind::MatchAs: pattern_as(*p.as<MatchAs>(), pc); return;
    case PatternKind::MatchOr: pattern_or(*p.as<MatchOr>(), pc); return;
  }
}

void Codegen::pattern_as(const MatchAs& p, PatternContext& pc) {
  if (!p.pattern) {  // a capture or `_`: always matches
    if (!pc.allow_irrefutable) {
      if (!p.name.empty()) error(p.loc, "name capture '" + p.name + "' makes remaining patterns unreachable");
      error(p.loc, "wildcard makes remaining patterns unreachable");
    }
    pattern_store_name(p.name, p.loc, pc);
    return;
  }
  // Keep a copy of the subject to bind once the sub-pattern has matched it.
  ++pc.on_top;
  emit(Op::COPY, 1);
  compile_pattern(*p.pattern, pc);
  --pc.on_top;
  set_loc(p.loc);
  pattern_store_name(p.name, p.loc, pc);
}

void Codegen::pattern_sequence(const MatchSequence& p, PatternContext& pc) {
  const PatternList& patterns = p.patterns;
  size_t size = patterns.size();
  size_t star = size;  // none
  bool only_wildcards = true, star_wildcard = false;
  for (size_t i = 0; i < size; ++i) {
    if (patterns[i]->is<MatchStar>()) {
      if (star != size) error(p.loc, "multiple starred names in sequence pattern");
      star_wildcard = is_star_wildcard(*patterns[i]);
      only_wildcards &= star_wildcard;
      star = i;
      continue;
    }
    only_wildcards &= is_wildcard(*patterns[i]);
  }
  bool has_star = star != size;
  // The subject stays on top through the sequence and length checks.
  ++pc.on_top;
  emit(Op::MATCH_SEQUENCE);
  jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  if (!has_star) {
    emit(Op::GET_LEN);
    load_const_index(const_int(static_cast<int64_t>(size)));
    add_compare(CmpOpKind::Eq);
    jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  } else if (size > 1) {
    emit(Op::GET_LEN);
    load_const_index(const_int(static_cast<int64_t>(size - 1)));
    add_compare(CmpOpKind::GtE);
    jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  }
  --pc.on_top;  // whatever comes next consumes the subject
  if (only_wildcards) {  // [] / [_] / [_, *_] / ...
    emit(Op::POP_TOP);
    return;
  }
  if (star_wildcard) {
    pattern_sequence_subscripts(patterns, star, pc);
    return;
  }
  if (has_star) {
    if (star >= (1u << 8) || size - star - 1 >= (INT32_MAX >> 8))
      error(p.loc, "too many sub-patterns in sequence pattern");
    emit(Op::UNPACK_EX, static_cast<int32_t>(star + ((size - star - 1) << 8)));
  } else {
    emit(Op::UNPACK_SEQUENCE, static_cast<int32_t>(size));
  }
  // The items stay on the stack until their sub-patterns consume them, first on top.
  pc.on_top += size;
  for (const auto& sub : patterns) {
    --pc.on_top;
    compile_subpattern(*sub, pc);
  }
}

// [a, *_, b]: the items around a `*_` are read by index, without building the list.
void Codegen::pattern_sequence_subscripts(const PatternList& patterns, size_t star, PatternContext& pc) {
  size_t size = patterns.size();
  ++pc.on_top;  // the subject stays until every item is read
  for (size_t i = 0; i < size; ++i) {
    const Pattern& sub = *patterns[i];
    if (i == star || is_wildcard(sub)) continue;
    emit(Op::COPY, 1);
    if (i < star) {
      load_const_index(const_int(static_cast<int64_t>(i)));
    } else {  // the subject may not support negative indexes: len(subject) - (size - i)
      emit(Op::GET_LEN);
      load_const_index(const_int(static_cast<int64_t>(size - i)));
      emit(Op::BINARY_OP, static_cast<int32_t>(rt::BinOp::Sub));
    }
    emit(Op::BINARY_SUBSCR);
    compile_subpattern(sub, pc);
  }
  --pc.on_top;
  emit(Op::POP_TOP);
}

void Codegen::pattern_mapping(const MatchMapping& p, PatternContext& pc) {
  size_t size = p.keys.size();
  // The subject stays on top through the mapping and length checks.
  ++pc.on_top;
  emit(Op::MATCH_MAPPING);
  jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  if (size == 0 && p.rest.empty()) {  // `{}`: done
    --pc.on_top;
    emit(Op::POP_TOP);
    return;
  }
  if (size > 0) {
    emit(Op::GET_LEN);
    load_const_index(const_int(static_cast<int64_t>(size)));
    add_compare(CmpOpKind::GtE);
    jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  }
  // The keys, as a tuple for MATCH_KEYS (and for **rest); literal keys given twice are a
  // SyntaxError, other duplicates a ValueError at run time.
  std::vector<rt::Ref> literal_keys;
  for (const auto& key : p.keys) {
    std::string const_key;
    rt::Ref value;
    if (fold_const(*key, &const_key, &value)) {
      for (const auto& seen : literal_keys) {
        if (rt::rich_compare_bool(seen.get(), value.get(), rt::CompareOp::Eq) == 1)
          error(p.loc, "mapping pattern checks duplicate key (" + rt::repr_utf8(value.get()) + ")");
      }
      literal_keys.push_back(value);
    } else if (!key->is<Attribute>()) {
      error(p.loc, "mapping pattern keys may only match literals and attribute lookups");
    }
    visit_expr(*key);
  }
  emit(Op::BUILD_TUPLE, static_cast<int32_t>(size));
  emit(Op::MATCH_KEYS);
  // The tuple of keys and the tuple of values (or None) sit on the subject now.
  pc.on_top += 2;
  emit(Op::COPY, 1);
  load_none();
  emit(Op::IS_OP, 1);
  jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  emit(Op::UNPACK_SEQUENCE, static_cast<int32_t>(size));
  pc.on_top = pc.on_top - 1 + size;  // the values replace their tuple
  for (const auto& sub : p.patterns) {
    --pc.on_top;
    compile_subpattern(*sub, pc);
  }
  // A match: what follows consumes the tuple of keys and the subject.
  pc.on_top -= 2;
  if (p.rest.empty()) {
    emit(Op::POP_TOP);  // the keys
    emit(Op::POP_TOP);  // the subject
    return;
  }
  // rest = dict(subject); del rest[key] for each key
  emit(Op::BUILD_MAP, 0);                                  // subject keys {}
  emit(Op::SWAP, 3);                                       // {} keys subject
  emit(Op::DICT_UPDATE, 2);                                // rest keys
  emit(Op::UNPACK_SEQUENCE, static_cast<int32_t>(size));  // rest key_n ... key_1
  for (size_t left = size; left > 0; --left) {
    emit(Op::COPY, static_cast<int32_t>(1 + left));        // rest keys... rest
    emit(Op::SWAP, 2);                                     // rest keys... rest key
    emit(Op::DELETE_SUBSCR);                               // rest keys...
  }
  pattern_store_name(p.rest, p.loc, pc);
}

void Codegen::pattern_class(const MatchClass& p, PatternContext& pc) {
  size_t nargs = p.patterns.size(), nattrs = p.kwd_attrs.size();
  for (size_t i = 0; i < nattrs; ++i) {
    for (size_t j = i + 1; j < nattrs; ++j) {
      if (p.kwd_attrs[i] == p.kwd_attrs[j])
        error(p.kwd_patterns[j]->loc, "attribute name repeated in class pattern: " + p.kwd_attrs[i]);
    }
  }
  set_loc(p.loc);
  visit_expr(*p.cls);
  load_const_index(const_tuple_of_strs(p.kwd_attrs));
  emit(Op::MATCH_CLASS, static_cast<int32_t>(nargs));
  emit(Op::COPY, 1);
  load_none();
  emit(Op::IS_OP, 1);
  // On top now: the tuple of nargs + nattrs attributes (or None).
  ++pc.on_top;
  jump_to_fail_pop(pc, static_cast<int>(Op::POP_JUMP_IF_FALSE));
  emit(Op::UNPACK_SEQUENCE, static_cast<int32_t>(nargs + nattrs));
  pc.on_top = pc.on_top - 1 + nargs + nattrs;  // the attributes replace their tuple
  for (size_t i = 0; i < nargs + nattrs; ++i) {
    const Pattern& sub = i < nargs ? *p.patterns[i] : *p.kwd_patterns[i - nargs];
    --pc.on_top;
    if (is_wildcard(sub)) {
      emit(Op::POP_TOP);
      continue;
    }
    compile_subpattern(sub, pc);
  }
}

void Codegen::pattern_or(const MatchOr& p, PatternContext& pc) {
  int end = new_label();
  PatternContext outer = std::move(pc);
  std::vector<std::string> control;  // the names the first alternative binds
  size_t n = p.patterns.size();
  for (size_t i = 0; i < n; ++i) {
    const Pattern& alt = *p.patterns[i];
    set_loc(alt.loc);
    PatternContext alt_pc;
    // An irrefutable alternative must be last, if it is allowed at all.
    alt_pc.allow_irrefutable = i == n - 1 && outer.allow_irrefutable;
    emit(Op::COPY, 1);
    compile_pattern(alt, alt_pc);
    if (i == 0) {
      control = alt_pc.stores;
    } else {
      std::vector<std::string> a = control, b = alt_pc.stores;
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      // Reported where CPython reports it: at the last sub-pattern compiled.
      if (a != b) error(pattern_loc_, "alternative patterns bind different names");
    }
    emit_jump_noline(kJump, end);
    emit_and_reset_fail_pop(alt_pc);
  }
  pc = std::move(outer);
  // No alternative matched: drop the subject and fail.
  set_loc(p.loc);
  emit(Op::POP_TOP);
  jump_to_fail_pop(pc, kJump);
  use_label(end);
  for (const auto& name : control) {
    if (contains(pc.stores, name)) error(p.loc, "multiple assignments to name '" + name + "' in pattern");
    pc.stores.push_back(name);
  }
  emit(Op::POP_TOP);  // the subject
}

}  // namespace gilpy::compiler::cg
