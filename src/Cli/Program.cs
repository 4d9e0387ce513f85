using System;
using ImageSdk.Cli;

return ImageSdkCli.Run(args, Console.Out, Console.Error);
