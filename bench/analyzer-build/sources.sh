# The two generated consumer sources of the analyzer benchmarks (measure.sh, in-process.sh), 500 builder steps each:
# generate.cs (50 methods x 10 /image/generate steps) and mixed.cs (50 methods x upload, filter, generate, resize,
# optimize, s3 store, video encode, a second generate and resize, a second s3 store).
#   source sources.sh; write_sources DIR
write_sources() {
  {
    echo "using ImageSdk;"
    echo "public static class Assemblies {"
    for m in $(seq 0 49); do
      echo "  public static AssemblyBuilder Build$m(string prompt) => new AssemblyBuilder().Step(new UploadHandleStep())"
      for s in $(seq 0 9); do
        prev=":original"; [ "$s" -gt 0 ] && prev="s$((s-1))"
        echo "    .Step(\"s$s\", new ImageGenerateStep().Prompt(prompt).Model(ImageModel.GoogleNanoBananaPro).Format(ImageFormat.Png).NumOutputs($((1 + s % 4))).AspectRatio(\"16:9\").Seed($((m * 10 + s))).Use(ImageGenerateInput.Image(\"$prev\")).OutputMeta(OutputMetaField.Blurhash))"
      done
      echo "    ;"
    done
    echo "}"
  } > "$1/generate.cs"

  {
    echo "using ImageSdk;"
    echo "public static class Assemblies {"
    for m in $(seq 0 49); do
      echo "  public static AssemblyBuilder Build$m(string prompt) => new AssemblyBuilder().Step(new UploadHandleStep())"
      echo "    .Step(\"images\", new FileFilterStep().Use(\":original\").ErrorOnDecline(false))"
      echo "    .Step(\"generated\", new ImageGenerateStep().Prompt(prompt).Model(ImageModel.GoogleNanoBananaPro).Format(ImageFormat.Png).Seed($m).Use(ImageGenerateInput.Image(\"images\")))"
      echo "    .Step(\"thumbs\", new ImageResizeStep().Use(\"generated\").Width(256).Height(256).ResizeStrategy(ImageResizeResizeStrategy.Fit).Quality(85))"
      echo "    .Step(\"optimized\", new ImageOptimizeStep().Use(\"thumbs\").Progressive(true))"
      echo "    .Step(\"exported\", new S3StoreStep().Use(\"generated\", \"optimized\").Credentials(\"my_s3\").Path(\"\${unique_prefix}/\${file.url_name}\"))"
      echo "    .Step(\"video\", new VideoEncodeStep().Use(\":original\").Width(1280).Height(720))"
      echo "    .Step(\"variant\", new ImageGenerateStep().Prompt(prompt).Model(ImageModel.GoogleNanoBanana).Format(ImageFormat.Jpg).NumOutputs($((1 + m % 4))).Use(ImageGenerateInput.Image(\"thumbs\")))"
      echo "    .Step(\"variant_thumbs\", new ImageResizeStep().Use(\"variant\").Width(128).Height(128).Zoom(false))"
      echo "    .Step(\"exported_variants\", new S3StoreStep().Use(\"variant_thumbs\", \"video\").Credentials(\"my_s3\").Path(\"variants/\${file.url_name}\"))"
      echo "    ;"
    done
    echo "}"
  } > "$1/mixed.cs"
}
