namespace Annotate.Core.WeakSupervision;

/// <summary>The assignment problem (Hungarian method with potentials, O(n³)).</summary>
internal static class LinearAssignment
{
    /// <summary>For a square cost matrix, the column given to each row so that the summed cost is smallest.</summary>
    public static int[] Minimize(double[,] cost)
    {
        var n = cost.GetLength(0);
        // 1-based arrays: index 0 is the virtual column the algorithm starts each row from.
        var u = new double[n + 1];
        var v = new double[n + 1];
        var rowOfColumn = new int[n + 1];
        var way = new int[n + 1];
        for (var row = 1; row <= n; row++)
        {
            rowOfColumn[0] = row;
            var column = 0;
            var minimum = new double[n + 1];
            var used = new bool[n + 1];
            Array.Fill(minimum, double.PositiveInfinity);
            do
            {
                used[column] = true;
                var current = rowOfColumn[column];
                var delta = double.PositiveInfinity;
                var next = 0;
                for (var j = 1; j <= n; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    var reduced = cost[current - 1, j - 1] - u[current] - v[j];
                    if (reduced < minimum[j])
                    {
                        minimum[j] = reduced;
                        way[j] = column;
                    }
                    if (minimum[j] < delta)
                    {
                        delta = minimum[j];
                        next = j;
                    }
                }
                for (var j = 0; j <= n; j++)
                {
                    if (used[j])
                    {
                        u[rowOfColumn[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minimum[j] -= delta;
                    }
                }
                column = next;
            }
            while (rowOfColumn[column] != 0);
            do
            {
                var previous = way[column];
                rowOfColumn[column] = rowOfColumn[previous];
                column = previous;
            }
            while (column != 0);
        }
        var assignment = new int[n];
        for (var j = 1; j <= n; j++)
        {
            assignment[rowOfColumn[j] - 1] = j - 1;
        }
        return assignment;
    }
}
