using Sts.Resilience.Demo;

if (args.Length > 0 && args[0] == "serve")
{
    return await ServeCommand.RunAsync(args[1..]);
}

return await DemoCommand.RunAsync(args, Console.Out, Console.Error);
