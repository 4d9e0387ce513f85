using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;

namespace ImageSdk.SchemaVariants;

/// <summary>
/// Generates the draft-07 variant of <c>schema/</c> for validators that stop at draft-07 (NJsonSchema): one bundled
/// document. <c>$ref</c>s across files become <c>#/definitions/...</c>; <c>$dynamicRef</c> is resolved statically in each
/// robot's dynamic scope (one copy of the shared <c>use</c> definitions per robot); <c>if</c>/<c>then</c> becomes
/// <c>anyOf: [{not: if}, then]</c> and <c>const</c> a one-value <c>enum</c>, which NJsonSchema evaluates. Never edited by hand: tests hold it to the real schema.
/// </summary>
public static class Draft07Variant
{
    /// <summary>The bundled draft-07 schema of assembly instructions, generated from the files in <paramref name="schemaDirectory"/>.</summary>
    /// <param name="schemaDirectory">The <c>schema/</c> folder.</param>
    public static JsonObject Build(string schemaDirectory)
    {
        var files = Directory.GetFiles(schemaDirectory, "*.schema.json", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetFullPath(f), f => JsonNode.Parse(File.ReadAllText(f))!.AsObject());
        var root = files.Single(f => f.Value["properties"]?["steps"]?["x-imagesdk-type"]?.GetValue<string>() == "steps");
        var builder = new Builder(files);
        var result = (JsonObject)builder.Convert(root.Value, root.Key, null)!;
        result["$schema"] = "http://json-schema.org/draft-07/schema#";
        result["definitions"] = builder.Definitions;
        return result;
    }

    private sealed class Builder(Dictionary<string, JsonObject> files)
    {
        public JsonObject Definitions { get; } = new();

        public JsonNode? Convert(JsonNode? node, string file, string? robotFile)
        {
            switch (node)
            {
                case JsonArray array:
                    return new JsonArray(array.Select(item => Convert(item, file, robotFile)).ToArray());
                case JsonObject source:
                {
                    var result = new JsonObject();
                    string? reference = null;
                    foreach (var (key, value) in source)
                    {
                        if (key.StartsWith("x-", StringComparison.Ordinal) || key is "$schema" or "$id" or "$defs" or "$comment" or "$dynamicAnchor" or "examples")
                        {
                            continue;
                        }

                        if (key == "$ref")
                        {
                            reference = Reference(value!.GetValue<string>(), file, robotFile);
                        }
                        else if (key == "$dynamicRef")
                        {
                            reference = DynamicReference(value!.GetValue<string>(), file, robotFile);
                        }
                        else if (key == "const")
                        {
                            result["enum"] = new JsonArray(value?.DeepClone()); // NJsonSchema does not evaluate const
                        }
                        else if (key == "if")
                        {
                            continue; // with then, below
                        }
                        else if (key == "prefixItems")
                        {
                            result["items"] = Convert(value, file, robotFile); // draft-07's tuple form
                        }
                        else if (key == "items" && source.ContainsKey("prefixItems"))
                        {
                            result["additionalItems"] = Convert(value, file, robotFile); // the items after the tuple's
                        }
                        else if (key == "then")
                        {
                            result["anyOf"] = new JsonArray(new JsonObject { ["not"] = Convert(source["if"], file, robotFile) }, Convert(value, file, robotFile));
                        }
                        else
                        {
                            result[key] = Convert(value, file, robotFile);
                        }
                    }

                    NumbersAsNJsonSchemaReadsThem(result);
                    if (reference is null)
                    {
                        return result;
                    }

                    // draft-07 ignores keywords beside $ref: keep them in an allOf.
                    var target = new JsonObject { ["$ref"] = reference };
                    if (result.Count == 0)
                    {
                        return target;
                    }

                    result["allOf"] = new JsonArray(target);
                    return result;
                }

                default:
                    return node?.DeepClone();
            }
        }

        /// <summary>
        /// NJsonSchema reads a whole-valued decimal (<c>480.0</c>, <c>1.6e1</c>) as no integer, takes the string <c>"16"</c>
        /// for the enum <c>[8, 16]</c>, and the number <c>1.7</c> for the enum <c>["1.4", "1.7"]</c> (/document/optimize's
        /// compatibility); JSON Schema says a string is never a number. So <c>integer</c> is written <c>number</c> with
        /// <c>multipleOf: 1</c>, an enum of numbers alone gets <c>type: number</c>, and one of strings alone <c>type: string</c>.
        /// </summary>
        private static void NumbersAsNJsonSchemaReadsThem(JsonObject schema)
        {
            if (schema["type"] is JsonValue { } single && single.GetValue<string>() == "integer")
            {
                schema["type"] = "number";
                schema["multipleOf"] ??= 1;
            }
            else if (schema["type"] is JsonArray types && types.Any(t => t?.GetValue<string>() == "integer"))
            {
                schema["type"] = new JsonArray(types.Select(t => t!.GetValue<string>() == "integer" ? "number" : t.GetValue<string>()).Distinct().Select(t => (JsonNode?)t).ToArray());
                schema["multipleOf"] ??= 1;
            }

            if (schema["enum"] is JsonArray values && schema["type"] is null && values.Count > 0
                && values.All(v => v is JsonValue number && number.GetValueKind() == System.Text.Json.JsonValueKind.Number))
            {
                schema["type"] = "number";
            }
            else if (schema["enum"] is JsonArray texts && schema["type"] is null && texts.Count > 0
                && texts.All(v => v is JsonValue text && text.GetValueKind() == System.Text.Json.JsonValueKind.String))
            {
                schema["type"] = "string";
            }
        }

        private string Reference(string uri, string file, string? robotFile)
        {
            var hash = uri.IndexOf('#');
            var path = hash < 0 ? uri : uri.Substring(0, hash);
            var pointer = hash < 0 ? string.Empty : uri.Substring(hash + 1);
            var targetFile = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
            if (!files.ContainsKey(targetFile))
            {
                throw new InvalidOperationException($"'{uri}' in {file} names no schema file");
            }

            // A robot file opens its own dynamic scope; shared definitions keep the scope they are reached from.
            var scope = files[targetFile]["properties"]?["robot"]?["const"] is not null ? targetFile : robotFile;
            var target = Resolve(files[targetFile], pointer) ?? throw new InvalidOperationException($"'{uri}' in {file} resolves to nothing");
            var key = Stem(targetFile) + pointer.Replace("/$defs/", "__").Replace('/', '_');
            if (scope is not null && HasDynamicReference(target, targetFile, new HashSet<string>()))
            {
                key += "@" + Stem(scope);
            }

            if (!Definitions.ContainsKey(key))
            {
                Definitions[key] = new JsonObject(); // placeholder: recursion ends here
                Definitions[key] = Convert(target, targetFile, scope);
            }

            return "#/definitions/" + key;
        }

        private string DynamicReference(string uri, string file, string? robotFile)
        {
            var anchor = uri.TrimStart('#');
            foreach (var candidate in new[] { robotFile, file })
            {
                if (candidate is not null && FindAnchor(files[candidate], anchor, string.Empty) is { } pointer)
                {
                    return Reference(Path.GetFileName(candidate) + "#" + pointer, candidate, robotFile);
                }
            }

            throw new InvalidOperationException($"no $dynamicAnchor '{anchor}' for {file}");
        }

        private bool HasDynamicReference(JsonNode? node, string file, HashSet<string> seen) => node switch
        {
            JsonObject o when o["$dynamicRef"] is not null => true,
            JsonObject o when o["$ref"]?.GetValue<string>() is { } uri && uri.StartsWith("#", StringComparison.Ordinal) =>
                seen.Add(file + uri) && HasDynamicReference(Resolve(files[file], uri.Substring(1)), file, seen),
            JsonObject o => o.Any(p => HasDynamicReference(p.Value, file, seen)),
            JsonArray a => a.Any(i => HasDynamicReference(i, file, seen)),
            _ => false,
        };

        private static string? FindAnchor(JsonNode? node, string anchor, string pointer)
        {
            switch (node)
            {
                case JsonObject o when o["$dynamicAnchor"]?.GetValue<string>() == anchor:
                    return pointer;
                case JsonObject o:
                    foreach (var (key, value) in o)
                    {
                        if (FindAnchor(value, anchor, pointer + "/" + key) is { } found)
                        {
                            return found;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        private static JsonNode? Resolve(JsonNode root, string pointer)
        {
            var node = (JsonNode?)root;
            foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                node = node is JsonObject o ? o[segment.Replace("~1", "/").Replace("~0", "~")] : null;
            }

            return node;
        }

        private static string Stem(string file) => Path.GetFileName(file).Replace(".schema.json", string.Empty);
    }
}
