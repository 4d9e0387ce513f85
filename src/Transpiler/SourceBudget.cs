using System;
using System.Collections.Generic;
using System.Globalization;

namespace ImageSdk.Transpiler;

/// <summary>
/// How deep and how long C# may be before Roslyn reads it. Roslyn parses, binds and walks nested code recursively (a deep
/// file overflows the stack and kills the process, which no catch can stop), and some of its look-aheads (parentheses,
/// generic angle brackets, nested interpolated strings) cost more than linear time. This scan reads the text once, with a
/// stack of its own, and stops at the first place beyond a limit: the transpiler turns that into an error at its line.
/// Real builder code stays far inside the limits; an assembly of 10,000 steps is one chain of 10,000 calls.
/// </summary>
internal static class SourceBudget
{
    /// <summary>The most brackets, braces, parentheses and interpolation holes open at once.</summary>
    public const int MaxNesting = 100;

    /// <summary>The most interpolated strings nested in one another: Roslyn's cost grows exponentially with the nesting.</summary>
    public const int MaxInterpolationNesting = 8;

    /// <summary>The most calls and member accesses chained in one expression: <c>new AssemblyBuilder().Step(...)</c>, 10,000 times.</summary>
    public const int MaxChainedCalls = 10_000;

    /// <summary>The most operators in one expression (unary, binary, conditional, assignment, lambda arrows), nested or in a row.</summary>
    public const int MaxOperators = 1_000;

    /// <summary>
    /// The most levels that code nests without brackets, over all the open brackets together: every operator, keyword and
    /// name counts one, every chained call two. It bounds the depth of the syntax tree, which Roslyn walks recursively.
    /// </summary>
    public const int MaxDepth = 25_000;

    /// <summary>
    /// The most work Roslyn's parser may spend looking ahead: each token counts once per parenthesis around it (the parser scans
    /// a parenthesis's contents to tell a cast, a lambda and a tuple apart) and each <c>&lt;</c> once per <c>&lt;</c> before it in
    /// the same expression (it scans for a generic type argument list).
    /// </summary>
    public const long MaxLookahead = 20_000_000;

    /// <summary>The first place beyond a limit: the character offset and what is wrong there.</summary>
    public readonly record struct Excess(int Position, string Message);

    /// <summary>The first place in <paramref name="code"/> beyond a limit, or null when the whole text is within them.</summary>
    public static Excess? Check(string code) => new Scanner(code).Run();

    private enum StringKind : byte
    {
        Regular,
        Verbatim,
        Raw,
    }

    /// <summary>A string literal being read: its kind, its number of quotes (raw), and of dollars (0 when it is not interpolated).</summary>
    private readonly record struct StringState(StringKind Kind, int Quotes, int Dollars);

    private enum TokenClass : byte
    {
        Word,
        Operator,
        Dot,
        Opener,
    }

    /// <summary>One open bracket (the root is one too), and the expression now running in it.</summary>
    private struct Level
    {
        /// <summary>The closing character, or '\0' at the root.</summary>
        public char Closer;

        /// <summary>For an interpolation hole: the string it sits in, read on when the hole closes.</summary>
        public StringState? Hole;

        /// <summary>The start of the expression now running.</summary>
        public int Start;

        /// <summary>The first '.' of the expression now running: where its chain starts.</summary>
        public int FirstCall;

        public int Operators;
        public int Calls;
        public int Units;
        public int LessThans;

        /// <summary>A brace block just closed here: a name that follows starts a new statement or member.</summary>
        public bool AfterBlock;

        /// <summary>After a '.': 2 while its member's name is due, 1 while the call's '(' is; the dot counted both.</summary>
        public byte Covered;
    }

    /// <summary>Words that continue an expression or statement after a closing brace, rather than starting a new one.</summary>
    private static readonly HashSet<string> s_continuations = new(StringComparer.Ordinal)
    {
        "else", "catch", "finally", "while", "when", "is", "as", "switch", "with", "and", "or", "not",
        "from", "where", "select", "group", "into", "orderby", "join", "let", "on", "equals", "by", "ascending", "descending",
    };

    /// <summary>The 1-based line and column of <paramref name="position"/>, with the line breaks C# knows.</summary>
    public static (int Line, int Column) Locate(string text, int position)
    {
        var line = 1;
        var lineStart = 0;
        for (var i = 0; i < position && i < text.Length; i++)
        {
            if (IsNewLine(text[i]) && !(text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, position - lineStart + 1);
    }

    private static bool IsNewLine(char c) => c is '\n' or '\r' or '\u0085' or '\u2028' or '\u2029';

    private static readonly string[] s_operators =
    [
        ">>>=", ">>>", "<<=", ">>=", "??=",
        "::", "++", "--", "&&", "||", "??", "=>", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=",
    ];

    private sealed class Scanner
    {
        private readonly string _text;
        private readonly List<Level> _levels = new();
        private int _i;
        private int _parentheses;
        private int _interpolations;
        private long _depth;
        private long _lookahead;
        private Excess? _excess;

        public Scanner(string text) => _text = text;

        private ref Level Top => ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_levels)[_levels.Count - 1];

        public Excess? Run()
        {
            _levels.Add(new Level { Closer = '\0' });
            var lineStart = true;
            while (_i < _text.Length && _excess is null)
            {
                var c = _text[_i];
                if (IsNewLine(c))
                {
                    lineStart = true;
                    _i++;
                    continue;
                }

                if (char.IsWhiteSpace(c))
                {
                    _i++;
                    continue;
                }

                var startsLine = lineStart;
                lineStart = false;
                var next = _i + 1 < _text.Length ? _text[_i + 1] : '\0';
                if ((c == '#' && startsLine) || (c == '/' && next == '/'))
                {
                    SkipLine(); // a directive or a comment
                }
                else if (c == '/' && next == '*')
                {
                    var end = _text.IndexOf("*/", _i + 2, StringComparison.Ordinal);
                    _i = end < 0 ? _text.Length : end + 2;
                }
                else if (c is '"' or '$' or '@' && StringAt(_i) is { } literal)
                {
                    ReadString(literal.State, literal.ContentStart);
                }
                else if (c == '\'')
                {
                    Token(TokenClass.Word, _i);
                    SkipCharacter();
                }
                else if (c is '(' or '[' or '{')
                {
                    Open(c, null);
                    _i++;
                }
                else if (c is ')' or ']' or '}')
                {
                    Close(c);
                }
                else if (c is ';' or ',')
                {
                    EndExpression();
                    _i++;
                }
                else if (c == ':' && Top.Hole is not null && next != ':')
                {
                    // The format of an interpolation hole, {value:N2}: text up to the closing brace.
                    var end = _text.IndexOf('}', _i);
                    _i = end < 0 ? _text.Length : end;
                }
                else if ((c == '.' && !char.IsAsciiDigit(next)) || (c == '?' && next == '.' && !(_i + 2 < _text.Length && char.IsAsciiDigit(_text[_i + 2]))) || (c == '-' && next == '>'))
                {
                    Token(TokenClass.Dot, _i);
                    _i += c == '.' ? 1 : 2;
                }
                else if (char.IsAsciiDigit(c) || c == '.')
                {
                    Token(TokenClass.Word, _i);
                    SkipNumber();
                }
                else if (IsWordStart(c) || (c == '@' && _i + 1 < _text.Length && IsWordStart(next)))
                {
                    var start = _i;
                    _i += c == '@' ? 1 : 0;
                    while (_i < _text.Length && IsWordPart(_text[_i]))
                    {
                        _i++;
                    }

                    Word(start, _text.AsSpan(start, _i - start));
                }
                else
                {
                    Operator(c);
                }
            }

            return _excess;
        }

        private void Operator(char c)
        {
            var length = 1;
            foreach (var op in s_operators)
            {
                if (string.CompareOrdinal(_text, _i, op, 0, op.Length) == 0)
                {
                    length = op.Length;
                    break;
                }
            }

            Token(TokenClass.Operator, _i);
            if (length == 1 && c == '<' && _excess is null)
            {
                ref var level = ref Top;
                level.LessThans++;
                Look(level.LessThans, _i);
            }

            _i += length;
        }

        private void Word(int start, ReadOnlySpan<char> word)
        {
            ref var level = ref Top;
            if (level.AfterBlock && !s_continuations.Contains(word.ToString()))
            {
                EndExpression(); // a new statement or member after a block
            }

            Token(TokenClass.Word, start);
        }

        /// <summary>Counts a token of the running expression against the limits.</summary>
        private void Token(TokenClass kind, int position)
        {
            ref var level = ref Top;
            level.AfterBlock = false;
            if (level.Units == 0)
            {
                level.Start = position;
            }

            var units = 1;
            switch (kind)
            {
                case TokenClass.Operator when ++level.Operators > MaxOperators:
                    Fail(position, $"the expression that starts at {Where(level.Start)} has more than {MaxOperators:N0} operators; transpile reads expressions of up to {MaxOperators:N0} (write a long text as one string literal)");
                    return;
                case TokenClass.Dot when ++level.Calls > MaxChainedCalls:
                    Fail(position, $"the chain whose first call is at {Where(level.FirstCall)} has more than {MaxChainedCalls:N0} calls; transpile reads chains of up to {MaxChainedCalls:N0} (an assembly of up to {MaxChainedCalls:N0} steps, fields and keys)");
                    return;
                case TokenClass.Dot:
                    level.FirstCall = level.Calls == 1 ? position : level.FirstCall;
                    units = 2;
                    break;
                case TokenClass.Word when level.Covered == 2:
                case TokenClass.Opener when level.Covered == 1:
                    units = 0; // the member's name and its call: the dot counted them
                    break;
            }

            level.Covered = kind switch
            {
                TokenClass.Dot => 2,
                TokenClass.Word when level.Covered == 2 => 1,
                _ => 0,
            };
            level.Units += units;
            _depth += units;
            if (_depth > MaxDepth)
            {
                Fail(position, $"the code here nests more than {MaxDepth:N0} levels deep (operators, calls, keywords and names inside one another); transpile reads code up to {MaxDepth:N0} levels deep");
                return;
            }

            Look(_parentheses, position);
        }

        private void Look(long work, int position)
        {
            _lookahead += work;
            if (_lookahead > MaxLookahead && _excess is null)
            {
                Fail(position, $"parentheses or '<' nest so much up to here that reading the file would take too long; transpile reads files within {MaxLookahead:N0} units of parser look-ahead (a token counts once per parenthesis around it, a '<' once per '<' before it in its expression)");
            }
        }

        /// <summary>A ';' or ',' (or a new statement after a block): the expression running at this level ends.</summary>
        private void EndExpression()
        {
            ref var level = ref Top;
            _depth -= level.Units;
            level.Units = 0;
            level.Operators = 0;
            level.Calls = 0;
            level.LessThans = 0;
            level.AfterBlock = false;
            level.Covered = 0;
        }

        private void Open(char c, StringState? hole)
        {
            if (hole is null)
            {
                var afterBlock = Top.AfterBlock;
                if (afterBlock && c == '{')
                {
                    EndExpression(); // a block after a block
                }

                Token(TokenClass.Opener, _i); // a call, an index or a group is one more step of the expression around it
                if (_excess is not null)
                {
                    return;
                }

                Top.AfterBlock = afterBlock && c == '['; // [Attribute] after a block: the next name still decides
            }

            if (_levels.Count > MaxNesting)
            {
                Fail(_i, $"brackets, braces, parentheses and interpolation holes nest more than {MaxNesting} deep here; transpile reads code nested up to {MaxNesting} levels");
                return;
            }

            _parentheses += c == '(' ? 1 : 0;
            _levels.Add(new Level { Closer = c switch { '(' => ')', '[' => ']', _ => '}' }, Hole = hole });
        }

        private void Close(char c)
        {
            if (_levels.Count == 1)
            {
                _i++; // a closer with nothing open: Roslyn reports it
                return;
            }

            var closed = Top;
            _depth -= closed.Units;
            _parentheses -= closed.Closer == ')' ? 1 : 0;
            _levels.RemoveAt(_levels.Count - 1);
            _i++;
            if (closed.Hole is { } hole)
            {
                // The hole of a raw string with $$ closes with }}.
                for (var extra = 1; extra < hole.Dollars && _i < _text.Length && _text[_i] == '}'; extra++)
                {
                    _i++;
                }

                ContinueString(hole);
                return;
            }

            if (c == '}' && closed.Closer == '}')
            {
                Top.AfterBlock = true;
            }
        }

        /// <summary>A string literal starting at <paramref name="position"/>: its kind and where its content starts, or null.</summary>
        private (StringState State, int ContentStart)? StringAt(int position)
        {
            var i = position;
            var dollars = 0;
            var verbatim = false;
            while (i < _text.Length && _text[i] == '$')
            {
                dollars++;
                i++;
            }

            if (i < _text.Length && _text[i] == '@')
            {
                verbatim = true;
                i++;
                while (dollars == 0 && i < _text.Length && _text[i] == '$')
                {
                    dollars++;
                    i++;
                }
            }

            var quotes = 0;
            while (i + quotes < _text.Length && _text[i + quotes] == '"')
            {
                quotes++;
            }

            if (quotes == 0)
            {
                return null;
            }

            return quotes >= 3 && !verbatim ? (new StringState(StringKind.Raw, quotes, dollars), i + quotes)
                : quotes == 2 && !verbatim ? (new StringState(StringKind.Regular, 1, dollars), i + 1) // "" is an empty string
                : (new StringState(verbatim ? StringKind.Verbatim : StringKind.Regular, 1, dollars), i + 1);
        }

        private void ReadString(StringState state, int contentStart)
        {
            Token(TokenClass.Word, _i);
            if (_excess is not null)
            {
                return;
            }

            if (state.Dollars > 0 && ++_interpolations > MaxInterpolationNesting)
            {
                Fail(_i, $"interpolated strings nest more than {MaxInterpolationNesting} deep here; write the value as one constant string");
                return;
            }

            _i = contentStart;
            ContinueString(state);
        }

        /// <summary>Reads a string's content up to its end, or up to a hole, which it opens as a level.</summary>
        private void ContinueString(StringState state)
        {
            while (_i < _text.Length)
            {
                var c = _text[_i];
                if (c == '"')
                {
                    var run = 1;
                    while (_i + run < _text.Length && _text[_i + run] == '"')
                    {
                        run++;
                    }

                    if (state.Kind == StringKind.Verbatim && run >= 2)
                    {
                        _i += 2; // "" inside @"..."
                        continue;
                    }

                    if (run >= state.Quotes)
                    {
                        _i += state.Kind == StringKind.Raw ? run : 1;
                        break;
                    }

                    _i += run;
                    continue;
                }

                if (state.Kind == StringKind.Regular && c == '\\')
                {
                    _i += 2;
                    continue;
                }

                if (state.Kind == StringKind.Regular && IsNewLine(c))
                {
                    break; // unterminated: Roslyn ends it at the line's end and reports it
                }

                if (c == '{' && state.Dollars > 0)
                {
                    var run = 1;
                    while (_i + run < _text.Length && _text[_i + run] == '{')
                    {
                        run++;
                    }

                    if (state.Kind != StringKind.Raw && run >= 2)
                    {
                        _i += 2; // {{ is a brace
                        continue;
                    }

                    if (run >= state.Dollars)
                    {
                        var hole = _i + run - 1;
                        _i = hole;
                        Open('{', state);
                        _i = hole + 1;
                        return;
                    }

                    _i += run;
                    continue;
                }

                _i++;
            }

            _interpolations -= state.Dollars > 0 ? 1 : 0;
        }

        private void SkipCharacter()
        {
            _i++;
            while (_i < _text.Length && _text[_i] != '\'' && !IsNewLine(_text[_i]))
            {
                _i += _text[_i] == '\\' ? 2 : 1;
            }

            _i = Math.Min(_i + 1, _text.Length);
        }

        private void SkipNumber()
        {
            while (_i < _text.Length)
            {
                var c = _text[_i];
                if (char.IsAsciiLetterOrDigit(c) || c == '_' || (c == '.' && _i + 1 < _text.Length && char.IsAsciiDigit(_text[_i + 1])))
                {
                    _i++;
                }
                else if (c is '+' or '-' && _text[_i - 1] is 'e' or 'E' && !IsHex(_i))
                {
                    _i++;
                }
                else
                {
                    break;
                }
            }
        }

        private bool IsHex(int end)
        {
            var start = end;
            while (start > 0 && (char.IsAsciiLetterOrDigit(_text[start - 1]) || _text[start - 1] is '_' or '.'))
            {
                start--;
            }

            return end - start >= 2 && _text[start] == '0' && _text[start + 1] is 'x' or 'X';
        }

        private void SkipLine()
        {
            while (_i < _text.Length && !IsNewLine(_text[_i]))
            {
                _i++;
            }
        }

        private void Fail(int position, FormattableString message) => _excess ??= new Excess(position, FormattableString.Invariant(message));

        private string Where(int position)
        {
            var (line, column) = Locate(_text, position);
            return FormattableString.Invariant($"line {line}, column {column}");
        }

        private static bool IsWordStart(char c) => char.IsLetter(c) || c == '_' || c == '\\';

        private static bool IsWordPart(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '\\' || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.Format;
    }
}
