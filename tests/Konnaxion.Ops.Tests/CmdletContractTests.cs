using System;
using System.Collections.Generic;
using System.Linq;

namespace Konnaxion.Ops.Commands.Tests
{
    /// <summary>The rules every compiled cmdlet follows, checked on the build, and each shown to catch a bad cmdlet.</summary>
    public sealed class CmdletContractTests
    {
        private static CompiledModule Module => ModuleBuild.Module;

        [Fact]
        public void The_module_has_cmdlets_and_PowerShell_has_verbs()
        {
            Assert.Contains(Module.Cmdlets, c => c.Name == "Get-KxServiceStatus");
            Assert.Contains(Module.Cmdlets, c => c.Name == "Invoke-KxBuild");
            Assert.Superset(new HashSet<string> { "Get", "Invoke", "New", "Restart", "Wait", "Test", "Backup", "Update" }, Module.ApprovedVerbs.ToHashSet());
            Assert.DoesNotContain("Frobnicate", Module.ApprovedVerbs);
        }

        [Fact]
        public void Every_cmdlet_uses_an_approved_verb() =>
            Violations.AssertNone(CmdletRules.UnapprovedVerbs(Module.Cmdlets, Module.ApprovedVerbs));

        [Fact]
        public void Every_cmdlet_declares_output_types_that_exist() =>
            Violations.AssertNone(CmdletRules.MissingOutputTypes(Module.Cmdlets));

        [Fact]
        public void Every_cmdlet_that_changes_state_supports_WhatIf_and_Confirm() =>
            Violations.AssertNone(CmdletRules.MissingShouldProcess(Module.Cmdlets));

        [Fact]
        public void Every_service_app_and_migration_parameter_completes_from_the_project() =>
            Violations.AssertNone(CmdletRules.MissingCompleters(Module.Cmdlets));

        [Fact]
        public void The_cmdlets_are_read_as_PowerShell_sees_them()
        {
            var build = Module.Cmdlets.Single(c => c.Name == "Invoke-KxBuild");
            var status = Module.Cmdlets.Single(c => c.Name == "Get-KxServiceStatus");

            Assert.Equal(("Invoke", "KxBuild", true), (build.Verb, build.Noun, build.SupportsShouldProcess));
            Assert.Equal(new[] { new OutputTypeRef("Konnaxion.Ops.KxBuildResult", true, true) }, build.OutputTypes);
            Assert.Contains(CmdletRules.ChangingBaseType, build.BaseTypeNames);
            Assert.False(status.SupportsShouldProcess);
            var path = status.Parameters.Single(p => p.Name == "Path");
            Assert.Equal(("String", "Konnaxion.Ops.Commands.Infrastructure.KxCmdlet"), (path.TypeName, path.DeclaringTypeName));
            Assert.Equal(new[] { "PSPath" }, path.Aliases);
            Assert.True(path.Uses.Single().FromPipelineByPropertyName);
            var environment = status.Parameters.Single(p => p.Name == "Environment");
            Assert.Equal(new[] { "Local", "Production" }, environment.EnumValues);
            var service = status.Parameters.Single(p => p.Name == "Service");
            Assert.Equal(("String[]", 0, "Konnaxion.Ops.Commands.Completion.ServiceCompleter"), (service.TypeName, service.Uses.Single().Position, service.CompleterTypeName));
        }

        [Fact]
        public void The_verb_rule_catches_an_unapproved_verb()
        {
            var violations = CmdletRules.UnapprovedVerbs(new[] { Fake("Frobnicate"), Fake("Get") }, Module.ApprovedVerbs);

            Assert.Equal(new[] { "Frobnicate-KxThing: 'Frobnicate' is not an approved verb (Get-Verb lists them)" }, violations);
        }

        [Fact]
        public void The_output_type_rule_catches_a_missing_or_unknown_output_type()
        {
            var violations = CmdletRules.MissingOutputTypes(new[]
            {
                Fake("Get", outputTypes: Array.Empty<OutputTypeRef>()),
                Fake("Test", outputTypes: new[] { new OutputTypeRef("Konnaxion.Ops.NoSuchResult", false, false) }),
            });

            Assert.Equal(new[] { "Get-KxThing: no [OutputType]", "Test-KxThing: [OutputType] names 'Konnaxion.Ops.NoSuchResult', which does not exist" }, violations);
        }

        [Fact]
        public void The_should_process_rule_catches_a_changing_verb_or_base_class_without_it()
        {
            var violations = CmdletRules.MissingShouldProcess(new[]
            {
                Fake("Backup"),
                Fake("Get", baseTypes: new[] { CmdletRules.ChangingBaseType }),
                Fake("Restart", supportsShouldProcess: true),
                Fake("Wait"),
            });

            Assert.Equal(new[]
            {
                "Backup-KxThing: changes state (verb Backup) but has no SupportsShouldProcess = true",
                "Get-KxThing: changes state (derives from KxChangingCmdlet) but has no SupportsShouldProcess = true",
            }, violations);
        }

        [Fact]
        public void The_completion_rule_catches_a_service_app_or_target_parameter_without_its_completer()
        {
            var violations = CmdletRules.MissingCompleters(new[]
            {
                Fake("Get", parameters: new[] { Parameter("Service", "String[]", null), Parameter("App", "String", CmdletRules.Completers["Service"]) }),
                Fake("Test", parameters: new[] { Parameter("Target", "String", CmdletRules.Completers["Target"]), Parameter("Service", "SwitchParameter", null) }),
            });

            Assert.Equal(new[]
            {
                "Get-KxThing -Service: needs [ArgumentCompleter(typeof(ServiceCompleter))]",
                "Get-KxThing -App: needs [ArgumentCompleter(typeof(AppCompleter))]",
            }, violations);
        }

        internal static CompiledCmdlet Fake(string verb, bool supportsShouldProcess = false, IReadOnlyList<string>? baseTypes = null,
            IReadOnlyList<OutputTypeRef>? outputTypes = null, IReadOnlyList<CmdletParameter>? parameters = null, string noun = "KxThing") =>
            new CompiledCmdlet($"Fake.{verb}{noun}Command", verb, noun, supportsShouldProcess, null, baseTypes ?? new[] { "Konnaxion.Ops.Commands.Infrastructure.KxCmdlet" },
                outputTypes ?? new[] { new OutputTypeRef("Konnaxion.Ops.KxThing", true, true) }, parameters ?? Array.Empty<CmdletParameter>());

        internal static CmdletParameter Parameter(string name, string typeName, string? completer) =>
            new CmdletParameter(name, typeName, typeName == "SwitchParameter", Array.Empty<string>(),
                new[] { new ParameterUse(ParameterUse.AllSets, false, int.MinValue, false, false, false) }, Array.Empty<string>(), completer, "Fake.Declaring");
    }
}
