// tests/runtime/test_context.cpp: the C++ API of runtime/context.h that the native event
// loop uses: entering and leaving a context, O(1) copies that share the mapping until one
// of them writes, and the "already entered" error.
#include <gtest/gtest.h>

#include <string>

#include "runtime/context.h"
#include "runtime/runtime.h"

namespace gilpy::rt {
namespace {

Ref new_var(const char* name) {
  Ref n = str_from_utf8(name).into_ref();
  Value args[] = {n.get()};
  return call(Value::from_obj(&ContextVarType), args, 1);
}

// var.set(value) in the current context.
void set_var(Value var, Value value) {
  Ref set = getattr(var, "set");
  ASSERT_TRUE(set);
  Ref tok = call1(set.get(), value);
  ASSERT_TRUE(tok);
}

TEST(Context, EnterExitSwapsTheCurrentContext) {
  ThreadState* ts = ThreadState::current();
  Ref var = new_var("v");
  set_var(var.get(), Value::small_int(1));
  Value before = ts->context;
  Ref ctx = context_new_empty();
  ASSERT_TRUE(context_enter(ts, ctx.get()));
  EXPECT_EQ(ts->context, ctx.get());
  EXPECT_TRUE(context_var_lookup(var.as<ContextVarObject>(), Value()).is_null());
  set_var(var.get(), Value::small_int(2));
  context_exit(ts, ctx.get());
  EXPECT_EQ(ts->context, before);
  EXPECT_EQ(context_var_lookup(var.as<ContextVarObject>(), Value()), Value::small_int(1));
  EXPECT_EQ(ctx.as<ContextObject>()->prev, nullptr);
  EXPECT_FALSE(ctx.as<ContextObject>()->entered);
}

TEST(Context, EnteringTwiceIsARuntimeError) {
  ThreadState* ts = ThreadState::current();
  Ref ctx = context_new_empty();
  ASSERT_TRUE(context_enter(ts, ctx.get()));
  EXPECT_FALSE(context_enter(ts, ctx.get()));
  Ref exc = fetch_error();
  ASSERT_TRUE(exc);
  EXPECT_TRUE(is_instance_of_type(exc.get(), &RuntimeErrorType));
  Ref msg = str(exc.get());
  EXPECT_EQ(str_to_utf8(msg.as<Str>()).rfind("cannot enter context: <_contextvars.Context object at 0x", 0), 0u);
  context_exit(ts, ctx.get());
}

TEST(Context, CopiesShareTheMappingUntilWritten) {
  ThreadState* ts = ThreadState::current();
  Ref var = new_var("w");
  set_var(var.get(), Value::small_int(7));
  Ref copy = context_copy_current();
  ASSERT_TRUE(is_context(copy.get()));
  Dict* shared = copy.as<ContextObject>()->vars;
  EXPECT_EQ(shared, ts->context.as<ContextObject>()->vars);  // O(1): the same dict
  ASSERT_TRUE(context_enter(ts, copy.get()));
  set_var(var.get(), Value::small_int(8));                    // copy-on-write
  context_exit(ts, copy.get());
  EXPECT_NE(copy.as<ContextObject>()->vars, shared);
  EXPECT_EQ(context_var_lookup(var.as<ContextVarObject>(), Value()), Value::small_int(7));
  Ref got = context_run(ts, copy.get(), getattr(var.get(), "get").get(), nullptr, 0);
  ASSERT_TRUE(got);
  EXPECT_EQ(got.get(), Value::small_int(8));
}

}  // namespace
}  // namespace gilpy::rt
