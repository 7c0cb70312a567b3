# __future__: the feature names a script may import; all are already on in gilpy.
all_feature_names = ["annotations", "generator_stop", "division", "absolute_import",
                     "with_statement", "print_function", "unicode_literals", "nested_scopes",
                     "generators"]
annotations = True
generator_stop = True
division = True
absolute_import = True
with_statement = True
print_function = True
unicode_literals = True
nested_scopes = True
generators = True
