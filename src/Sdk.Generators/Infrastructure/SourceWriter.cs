using System;
using System.Text;

namespace ImageSdk.Generators.Infrastructure;

/// <summary>An indenting writer for generated C#; always emits <c>\n</c> line ends.</summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _indentation;

    public void Indent() => _indentation++;

    public void Outdent() => _indentation--;

    public void OpenBrace()
    {
        WriteLine("{");
        _indentation++;
    }

    public void CloseBrace(string suffix = "")
    {
        _indentation--;
        WriteLine("}" + suffix);
    }

    public void WriteLine() => _builder.Append('\n');

    /// <summary>Writes each line of <paramref name="text"/> at the current indentation.</summary>
    public void WriteLine(string text)
    {
        var start = 0;
        while (true)
        {
            var end = text.IndexOf('\n', start);
            var line = end < 0 ? text.Substring(start) : text.Substring(start, end - start);
            if (line.Length > 0)
            {
                _builder.Append(' ', _indentation * 4);
                _builder.Append(line);
            }

            _builder.Append('\n');
            if (end < 0)
            {
                return;
            }

            start = end + 1;
        }
    }

    public override string ToString() => _builder.ToString();
}
