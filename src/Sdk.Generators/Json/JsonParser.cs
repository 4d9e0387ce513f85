using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Threading;
using ImageSdk.Generators.Infrastructure;

namespace ImageSdk.Generators.Json;

/// <summary>A JSON syntax error at a position.</summary>
internal sealed class JsonSyntaxException(string message, TextPosition position) : Exception(message)
{
    public TextPosition Position { get; } = position;
}

/// <summary>
/// A small recursive-descent JSON reader (RFC 8259) that records where each value starts. Generators avoid
/// JSON libraries (they load badly in the IDE host), and System.Text.Json's DOM has no positions.
/// </summary>
internal sealed class JsonParser
{
    /// <summary>Schema files nest a few levels; this bound keeps a hostile file from overflowing the stack.</summary>
    public const int MaxDepth = 64;

    private readonly string _text;
    private readonly CancellationToken _cancellationToken;
    private int _offset;
    private int _line;
    private int _lineStart;

    private JsonParser(string text, CancellationToken cancellationToken)
    {
        _text = text;
        _cancellationToken = cancellationToken;
    }

    public static JsonNode Parse(string text, CancellationToken cancellationToken = default)
    {
        var parser = new JsonParser(text, cancellationToken);
        if (parser._text.Length > 0 && parser._text[0] == '\uFEFF')
        {
            parser._offset = 1;
            parser._lineStart = 1;
        }

        parser.SkipWhitespace();
        var root = parser.ParseValue(0);
        parser.SkipWhitespace();
        if (parser._offset < parser._text.Length)
        {
            throw parser.Error($"unexpected '{parser._text[parser._offset]}' after the end of the document");
        }

        return root;
    }

    private TextPosition Here(int length = 1) => new(_offset, length, _line, _offset - _lineStart);

    private JsonSyntaxException Error(string message) => new(message, Here());

    private JsonNode ParseValue(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error($"nesting deeper than {MaxDepth} levels");
        }

        if (_offset >= _text.Length)
        {
            throw Error("unexpected end of the document; a value was expected");
        }

        var c = _text[_offset];
        switch (c)
        {
            case '{':
                return ParseObject(depth);
            case '[':
                return ParseArray(depth);
            case '"':
            {
                var start = Here();
                var value = ParseString();
                return Node(JsonKind.String, value, start);
            }

            case 't':
                return ParseLiteral("true", JsonKind.True);
            case 'f':
                return ParseLiteral("false", JsonKind.False);
            case 'n':
                return ParseLiteral("null", JsonKind.Null);
            default:
                if (c == '-' || (c >= '0' && c <= '9'))
                {
                    return ParseNumber();
                }

                throw Error($"unexpected '{c}'; a value was expected");
        }
    }

    private JsonNode Node(JsonKind kind, string text, TextPosition start) =>
        new(kind, text, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty, start with { Length = _offset - start.Offset });

    private JsonNode ParseObject(int depth)
    {
        var start = Here();
        _offset++;
        var members = ImmutableArray.CreateBuilder<JsonMember>();
        SkipWhitespace();
        if (Peek() == '}')
        {
            _offset++;
            return new JsonNode(JsonKind.Object, string.Empty, EquatableArray<JsonMember>.Empty, EquatableArray<JsonNode>.Empty, start with { Length = _offset - start.Offset });
        }

        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            SkipWhitespace();
            if (Peek() != '"')
            {
                throw Error("a property name in double quotes was expected");
            }

            var namePosition = Here();
            var name = ParseString();
            namePosition = namePosition with { Length = _offset - namePosition.Offset };
            SkipWhitespace();
            Expect(':');
            SkipWhitespace();
            var value = ParseValue(depth + 1);
            members.Add(new JsonMember(name, value, namePosition));
            SkipWhitespace();
            var next = Peek();
            _offset++;
            if (next == '}')
            {
                break;
            }

            if (next != ',')
            {
                _offset--;
                throw Error("',' or '}' was expected");
            }
        }

        return new JsonNode(JsonKind.Object, string.Empty, new EquatableArray<JsonMember>(members.ToImmutable()), EquatableArray<JsonNode>.Empty, start with { Length = _offset - start.Offset });
    }

    private JsonNode ParseArray(int depth)
    {
        var start = Here();
        _offset++;
        var items = ImmutableArray.CreateBuilder<JsonNode>();
        SkipWhitespace();
        if (Peek() == ']')
        {
            _offset++;
        }
        else
        {
            while (true)
            {
                _cancellationToken.ThrowIfCancellationRequested();
                SkipWhitespace();
                items.Add(ParseValue(depth + 1));
                SkipWhitespace();
                var next = Peek();
                _offset++;
                if (next == ']')
                {
                    break;
                }

                if (next != ',')
                {
                    _offset--;
                    throw Error("',' or ']' was expected");
                }
            }
        }

        return new JsonNode(JsonKind.Array, string.Empty, EquatableArray<JsonMember>.Empty, new EquatableArray<JsonNode>(items.ToImmutable()), start with { Length = _offset - start.Offset });
    }

    private string ParseString()
    {
        _offset++;
        var builder = new StringBuilder();
        while (true)
        {
            if (_offset >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_offset++];
            if (c == '"')
            {
                return builder.ToString();
            }

            if (c < 32)
            {
                _offset--;
                throw Error("a control character in a string must be escaped");
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_offset >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var escape = _text[_offset++];
            switch (escape)
            {
                case '"': builder.Append('"'); break;
                case '\\': builder.Append('\\'); break;
                case '/': builder.Append('/'); break;
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    if (_offset + 4 > _text.Length ||
                        !int.TryParse(_text.Substring(_offset, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                    {
                        throw Error("\\u must be followed by four hex digits");
                    }

                    builder.Append((char)code);
                    _offset += 4;
                    break;
                default:
                    _offset--;
                    throw Error($"invalid escape '\\{escape}'");
            }
        }
    }

    private JsonNode ParseNumber()
    {
        var start = Here();
        if (Peek() == '-')
        {
            _offset++;
        }

        if (Peek() == '0')
        {
            _offset++;
        }
        else if (!ReadDigits())
        {
            throw Error("a digit was expected");
        }

        if (Peek() == '.')
        {
            _offset++;
            if (!ReadDigits())
            {
                throw Error("a digit was expected after '.'");
            }
        }

        if (Peek() is 'e' or 'E')
        {
            _offset++;
            if (Peek() is '+' or '-')
            {
                _offset++;
            }

            if (!ReadDigits())
            {
                throw Error("a digit was expected in the exponent");
            }
        }

        return Node(JsonKind.Number, _text.Substring(start.Offset, _offset - start.Offset), start);
    }

    private bool ReadDigits()
    {
        var start = _offset;
        while (_offset < _text.Length && _text[_offset] >= '0' && _text[_offset] <= '9')
        {
            _offset++;
        }

        return _offset > start;
    }

    private JsonNode ParseLiteral(string literal, JsonKind kind)
    {
        var start = Here();
        if (string.CompareOrdinal(_text, _offset, literal, 0, literal.Length) != 0)
        {
            throw Error($"unexpected '{_text[_offset]}'; a value was expected");
        }

        _offset += literal.Length;
        return Node(kind, literal, start);
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"'{c}' was expected");
        }

        _offset++;
    }

    private char Peek() => _offset < _text.Length ? _text[_offset] : '\0';

    private void SkipWhitespace()
    {
        while (_offset < _text.Length)
        {
            var c = _text[_offset];
            if (c == '\n')
            {
                _line++;
                _lineStart = _offset + 1;
            }
            else if (c != ' ' && c != '\t' && c != '\r')
            {
                return;
            }

            _offset++;
        }
    }
}
