using System.CommandLine;
using System.Threading.Tasks;

namespace HappyHorse.Cli.Commands;

/// <summary>
/// <c>completion bash|zsh|pwsh</c>: a script that makes the shell complete commands, options, model ids and an
/// operation's field options by asking the tool itself (<c>happyhorse "[suggest:POSITION]" "LINE"</c>, the
/// command line library's own completion directive), so it never goes stale.
/// </summary>
internal static class CompletionCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or pwsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "pwsh");
        var command = new Command(
            "completion",
            "Print the shell completion script. bash: add 'source <(happyhorse completion bash)' to ~/.bashrc; zsh: 'source <(happyhorse completion zsh)' in ~/.zshrc; " +
            "PowerShell: 'happyhorse completion pwsh | Out-String | Invoke-Expression' in $PROFILE.")
        {
            shell,
        };
        command.SetAction(HappyHorseCli.Guarded(environment, (parse, _) =>
        {
            environment.Out.Write(Script(parse.GetValue(shell)!));
            return Task.FromResult(ExitCode.Success);
        }));
        return command;
    }

    internal static string Script(string shell) => shell switch
    {
        "bash" => """
            # happyhorse completion for bash: source <(happyhorse completion bash)
            _happyhorse_complete()
            {
                local line="${COMP_LINE#* }"
                local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
                local IFS=$'\n'
                COMPREPLY=( $(happyhorse "[suggest:${position}]" "${line}" 2>/dev/null) )
            }
            complete -o default -F _happyhorse_complete happyhorse

            """,
        "zsh" => """
            # happyhorse completion for zsh: source <(happyhorse completion zsh)
            _happyhorse_complete()
            {
                local line="${BUFFER#* }"
                local position=$(( CURSOR - ${#BUFFER} + ${#line} ))
                local -a candidates
                candidates=("${(@f)$(happyhorse "[suggest:${position}]" "${line}" 2>/dev/null)}")
                compadd -a candidates
            }
            compdef _happyhorse_complete happyhorse

            """,
        _ => """
            # happyhorse completion for PowerShell: happyhorse completion pwsh | Out-String | Invoke-Expression
            Register-ArgumentCompleter -Native -CommandName happyhorse -ScriptBlock {
                param($wordToComplete, $commandAst, $cursorPosition)
                $start = $commandAst.CommandElements[0].Extent.EndOffset + 1
                $line = $commandAst.Extent.Text.Substring([Math]::Min($start - $commandAst.Extent.StartOffset, $commandAst.Extent.Text.Length))
                $position = [Math]::Max(0, $cursorPosition - $start)
                happyhorse "[suggest:$position]" "$line" 2>$null | ForEach-Object {
                    [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
                }
            }

            """,
    };
}
