using System.Linq;
using ImageSdk.Transpiler;
using Xunit;

namespace ImageSdk.Tests.Transpiling;

/// <summary>
/// The scan that keeps deep and long C# away from Roslyn: each limit holds at its value and is exceeded one past it, at the
/// token beyond; brackets, operators and dots inside strings, comments, characters and directives count for nothing.
/// </summary>
public sealed class SourceBudgetTests
{
    private static string Repeat(string text, int count) => string.Concat(Enumerable.Repeat(text, count));

    private static string Statement(string expression) => "class C { object M() { return " + expression + "; } }";

    private static void AssertWithin(string code) => Assert.Null(SourceBudget.Check(code));

    private static string AssertBeyond(string code, int position)
    {
        var excess = SourceBudget.Check(code);
        Assert.NotNull(excess);
        Assert.Equal(position, excess.Value.Position);
        return excess.Value.Message;
    }

    [Fact]
    public void Brackets_nest_up_to_the_limit_and_the_one_beyond_is_the_error()
    {
        // class { and method { are two levels already.
        var prefix = "class C { object M() { return ".Length;
        AssertWithin(Statement(Repeat("(", SourceBudget.MaxNesting - 2) + "1" + Repeat(")", SourceBudget.MaxNesting - 2)));

        var message = AssertBeyond(Statement(Repeat("[", SourceBudget.MaxNesting - 1) + "1" + Repeat("]", SourceBudget.MaxNesting - 1)), prefix + SourceBudget.MaxNesting - 2);

        Assert.Equal("brackets, braces, parentheses and interpolation holes nest more than 100 deep here; transpile reads code nested up to 100 levels", message);
    }

    [Fact]
    public void Chains_reach_ten_thousand_calls_and_operators_a_thousand()
    {
        AssertWithin(Statement("a" + Repeat(".F(1)", SourceBudget.MaxChainedCalls)));
        AssertWithin(Statement(string.Join(" + ", Enumerable.Repeat("1", SourceBudget.MaxOperators + 1))));

        var chain = Statement("a" + Repeat(".F(1)", SourceBudget.MaxChainedCalls + 1));
        var message = AssertBeyond(chain, chain.IndexOf("a.", System.StringComparison.Ordinal) + 1 + (SourceBudget.MaxChainedCalls * 5));
        Assert.Equal("the chain whose first call is at line 1, column 32 has more than 10,000 calls; transpile reads chains of up to 10,000 (an assembly of up to 10,000 steps, fields and keys)", message);

        var sum = Statement(string.Join(" + ", Enumerable.Repeat("1", SourceBudget.MaxOperators + 2)));
        message = AssertBeyond(sum, sum.IndexOf('1') + 1 + (SourceBudget.MaxOperators * 4) + 1);
        Assert.Equal("the expression that starts at line 1, column 24 has more than 1,000 operators; transpile reads expressions of up to 1,000 (write a long text as one string literal)", message);
    }

    [Fact]
    public void Separators_end_an_expression_and_a_statement_after_a_block_starts_a_new_one()
    {
        var statements = Repeat("x = 1 + 2 + 3; ", 10_000);
        AssertWithin("class C { void M() { " + statements + "} }");

        var arguments = "F(" + string.Join(", ", Enumerable.Repeat("a.b.c", 10_000)) + ")";
        AssertWithin(Statement(arguments));

        var blocks = Repeat("if (a < b) { x++; } ", 10_000);
        AssertWithin("class C { void M() { " + blocks + "} }");

        var members = Repeat("[Fact] public System.Collections.Generic.List<int> M() { return null; } ", 10_000);
        AssertWithin("class C { " + members + "}");
    }

    [Fact]
    public void An_else_if_chain_continues_its_statement_and_counts_toward_the_depth()
    {
        // class C { and void M() { count 7, if (a) { } 3 (if, the parenthesis, the block), each else if (a) { } 4 more:
        // 10 + (4 * 6,247) + 3 is the parenthesis of the 6,248th else if.
        const string Prefix = "class C { void M() { if (a) { } ";
        var code = Prefix + Repeat("else if (a) { } ", 7_000) + "} }";

        var message = AssertBeyond(code, Prefix.Length + (6_247 * "else if (a) { } ".Length) + "else if ".Length);

        Assert.Equal("the code here nests more than 25,000 levels deep (operators, calls, keywords and names inside one another); transpile reads code up to 25,000 levels deep", message);
    }

    [Theory]
    [InlineData("\"((((((((\" + x")]
    [InlineData("@\"((((\"\"((((\" + x")]
    [InlineData("\"\"\"\n  ((((\"\"((((\n  \"\"\" + x")]
    [InlineData("'(' + '\\'' + x")]
    [InlineData("$\"{x:((((}{{((((}}\" + x")]
    [InlineData("$\"{global::System.Math.PI:((((}\" + x")]
    [InlineData("$$\"\"\"{((((}}{{x}}\"\"\" + x")]
    [InlineData("/* (((( */ x // ((((\n")]
    [InlineData("x\n#if NOTHING ((((\n#endif\n")]
    public void Brackets_in_strings_comments_characters_and_directives_do_not_nest(string expression)
    {
        var code = Statement(expression.Replace("((((", Repeat("(", 200), System.StringComparison.Ordinal));

        AssertWithin(code);
    }

    [Fact]
    public void Interpolated_strings_nest_eight_deep_and_holes_count_as_brackets()
    {
        static string Interpolated(int depth) => Repeat("$\"{", depth) + "x" + Repeat("}\"", depth);
        AssertWithin(Statement(Interpolated(SourceBudget.MaxInterpolationNesting)));
        AssertWithin(Statement("$@\"{(" + Interpolated(3) + ")}\" + $$\"\"\"{{" + Interpolated(4) + "}}\"\"\""));

        var code = Statement(Interpolated(SourceBudget.MaxInterpolationNesting + 1));
        var message = AssertBeyond(code, code.IndexOf('$') + (SourceBudget.MaxInterpolationNesting * 3));

        Assert.Equal("interpolated strings nest more than 8 deep here; write the value as one constant string", message);
    }

    [Fact]
    public void Parentheses_and_angle_brackets_share_one_lookahead_budget_over_the_file()
    {
        var deep = Repeat("(", 90) + "1" + Repeat(")", 90);
        AssertWithin("class C { void M() { " + Repeat("x = " + deep + "; ", 100) + "} }");
        var angles = string.Join(" < ", Enumerable.Repeat("a", 900));
        AssertWithin("class C { void M() { " + Repeat("x = " + angles + "; ", 20) + "} }");

        var message = SourceBudget.Check("class C { void M() { " + Repeat("x = " + deep + "; ", 20_000) + "} }")?.Message;
        var angleMessage = SourceBudget.Check("class C { void M() { " + Repeat("x = " + angles + "; ", 200) + "} }")?.Message;

        Assert.StartsWith("parentheses or '<' nest so much up to here that reading the file would take too long", message, System.StringComparison.Ordinal);
        Assert.Equal(message, angleMessage);
    }

    [Fact]
    public void Positions_are_lines_and_columns_with_every_line_break_csharp_knows()
    {
        Assert.Equal((1, 1), SourceBudget.Locate("abc", 0));
        Assert.Equal((3, 2), SourceBudget.Locate("a\r\nb\nxy", 6));
        Assert.Equal((4, 1), SourceBudget.Locate("a\rb\u2028c\u0085d", 6));
    }
}
