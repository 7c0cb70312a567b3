"""_string: the parsers under string.Formatter (gilpy's own, in Python; CPython's is C):
formatter_parser splits a format string into (literal, field, spec, conversion) tuples and
formatter_field_name_split splits a field name into its first part and the rest."""


def formatter_parser(format_string):
    """Yield (literal_text, field_name, format_spec, conversion) for each part of the
    format string; the trailing literal has field_name None."""
    if not isinstance(format_string, str):
        raise TypeError(f"descriptor 'formatter_parser' for 'str' objects doesn't apply to a "
                        f"'{type(format_string).__name__}' object")
    return _parse(format_string)


def _parse(s):
    n = len(s)
    i = 0
    literal = []
    while i < n:
        c = s[i]
        if c == '{':
            if i + 1 < n and s[i + 1] == '{':
                literal.append('{')
                i += 2
                continue
            # A replacement field: up to the matching '}', nested braces in the spec counted.
            depth = 1
            j = i + 1
            while j < n:
                if s[j] == '{':
                    depth += 1
                elif s[j] == '}':
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j >= n:
                if depth > 1 or '{' in s[i + 1:]:
                    raise ValueError("unmatched '{' in format spec")
                raise ValueError("expected '}' before end of string")
            field = s[i + 1:j]
            name, conversion, spec = _split_field(field)
            yield ''.join(literal), name, spec, conversion
            literal = []
            i = j + 1
        elif c == '}':
            if i + 1 < n and s[i + 1] == '}':
                literal.append('}')
                i += 2
                continue
            raise ValueError("Single '}' encountered in format string")
        else:
            literal.append(c)
            i += 1
    if literal:
        yield ''.join(literal), None, None, None


def _split_field(field):
    # name [!conversion] [:spec]; '[' ... ']' in the name may hold ':' or '!'.
    k = 0
    n = len(field)
    while k < n and field[k] not in '!:':
        if field[k] == '[':
            while k < n and field[k] != ']':
                k += 1
        k += 1
    name = field[:k] if k <= n else field
    rest = field[k:] if k < n else ''
    conversion = None
    spec = ''
    if rest.startswith('!'):
        if len(rest) < 2:
            raise ValueError("end of string while looking for conversion specifier")
        conversion = rest[1]
        rest = rest[2:]
        if rest and not rest.startswith(':'):
            raise ValueError("expected ':' after conversion specifier")
    if rest.startswith(':'):
        spec = rest[1:]
    return name, conversion, spec


def formatter_field_name_split(field_name):
    """Split 'a.b[0]' into ('a', iterator of (is_attribute, key))."""
    if not isinstance(field_name, str):
        raise TypeError(f"descriptor 'formatter_field_name_split' for 'str' objects doesn't apply to a "
                        f"'{type(field_name).__name__}' object")
    n = len(field_name)
    k = 0
    while k < n and field_name[k] not in '.[':
        k += 1
    first = field_name[:k]
    if first.isdigit():
        first = int(first)
    return first, _rest(field_name, k)


def _rest(s, i):
    n = len(s)
    while i < n:
        if s[i] == '.':
            j = i + 1
            while j < n and s[j] not in '.[':
                j += 1
            name = s[i + 1:j]
            if not name:
                raise ValueError("Empty attribute in format string")
            yield True, name
            i = j
        elif s[i] == '[':
            j = s.find(']', i)
            if j < 0:
                raise ValueError("Missing ']' in format string")
            key = s[i + 1:j]
            if not key:
                raise ValueError("Empty attribute in format string")
            yield False, int(key) if key.isdigit() else key
            i = j + 1
            if i < n and s[i] not in '.[':
                raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
        else:
            raise ValueError("Only '.' or '[' may follow ']' in format field specifier")
