# unittest from CPython's library, run as `FILE -v` (unittest.main): setUp/tearDown,
# setUpClass, assertRaises as a context manager, subTest, skip, an expected failure, a
# failure with its diff and an error; the report on stderr is compared up to its timing.
import unittest


class Arithmetic(unittest.TestCase):
    def setUp(self):
        self.values = [1, 2, 3]
        print("setUp", self._testMethodName)

    def tearDown(self):
        print("tearDown", self._testMethodName)

    def test_sum(self):
        self.assertEqual(sum(self.values), 6)

    def test_raises(self):
        with self.assertRaises(ZeroDivisionError) as cm:
            1 / 0
        self.assertIn("division", str(cm.exception))
        self.assertRaisesRegex(ValueError, "invalid literal", int, "x")

    def test_subtests(self):
        for i in range(4):
            with self.subTest(i=i):
                self.assertLess(i, 3)

    @unittest.skip("not today")
    def test_skipped(self):
        self.fail("never runs")

    @unittest.expectedFailure
    def test_expected_failure(self):
        self.assertEqual(1, 2)

    def test_failure(self):
        self.assertEqual([1, 2, 3], [1, 2, 4], "lists differ")

    def test_error(self):
        raise KeyError("boom")


class Other(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        print("setUpClass")

    def test_true(self):
        self.assertTrue(True)
        self.assertIsNone(None)
        self.assertAlmostEqual(0.1 + 0.2, 0.3)
        self.assertCountEqual([1, 2], [2, 1])
        self.assertDictEqual({"a": 1}, {"a": 1})


if __name__ == "__main__":
    unittest.main()
