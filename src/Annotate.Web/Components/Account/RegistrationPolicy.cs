using Annotate.Data;
using Annotate.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Annotate.Web.Components.Account;

/// <summary>Who may register themselves: the very first account always (it becomes Admin); others only when configured.</summary>
internal static class RegistrationPolicy
{
    public static async Task<(bool Open, bool FirstAccount)> CheckAsync(AnnotateDbContext db, IOptions<AnnotateOptions> options, CancellationToken cancellationToken)
    {
        var first = !await db.Users.AnyAsync(cancellationToken);
        return (first || options.Value.AllowSelfRegistration, first);
    }
}
