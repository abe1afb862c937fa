using Sts.Resilience.Demo;
using Sts.Resilience.Diagnostics;

if (args.Length > 0 && args[0] == "serve")
{
    return await ServeCommand.RunAsync(args[1..]);
}

Console.WriteLine("Sts.Resilience demo");
Console.WriteLine($"Telemetry: meter '{StsResilienceTelemetry.MeterName}', activity source '{StsResilienceTelemetry.ActivitySourceName}'.");
Console.WriteLine("The end-to-end workload against an embedded LocalSts arrives with the demo issue.");
Console.WriteLine("Run 'serve [--port N] [--json]' to start a standalone LocalSts.");
return 0;
